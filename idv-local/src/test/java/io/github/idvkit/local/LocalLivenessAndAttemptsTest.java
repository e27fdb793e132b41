package io.github.idvkit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.ConfigurationException;
import io.github.idvkit.Flow;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.LivenessSessionId;
import io.github.idvkit.LoginDecision;
import io.github.idvkit.RegisterDecision;
import io.github.idvkit.UserId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local provider has no liveness check, says so with a typed error, and limits attempts. */
class LocalLivenessAndAttemptsTest {

  @TempDir Path dir;

  private final UserId alice = UserId.of("alice@example.com");

  @Test
  void startLiveness_onTheLocalProvider_throwsConfigurationException() {
    try (IdentityVerifier idv = LocalIdentityVerifier.builder().dataDirectory(dir).engine(SharedLocalEngine.get()).build()) {

      assertThatThrownBy(() -> idv.startLiveness(alice, Flow.REGISTER))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("no liveness check");
      assertThatThrownBy(() -> idv.login(req -> req.userId(alice)
              .livenessSession(LivenessSessionId.of("0b4f3c1e-0000-4000-8000-000000000001"))))
          .isInstanceOf(ConfigurationException.class);
    }
  }

  @Test
  void login_afterFiveIdMismatches_isLockedOut_andTheCounterSurvivesARestart() throws Exception {
    try (IdentityVerifier idv = LocalIdentityVerifier.builder().dataDirectory(dir).engine(SharedLocalEngine.get()).build()) {
      for (int i = 0; i < 5; i++) {
        assertThat(idv.register(req -> req.userId(alice).selfie(TestPhotos.MONA_LISA.image())
                .idPhoto(TestPhotos.ASTRONAUT.image())).decision())
            .isEqualTo(RegisterDecision.ID_NOT_MATCHED);
      }
    }

    try (IdentityVerifier restarted = LocalIdentityVerifier.builder().dataDirectory(dir).engine(SharedLocalEngine.get()).build()) {
      assertThat(restarted.login(req -> req.userId(alice).selfie(TestPhotos.ASTRONAUT.image())).decision())
          .isEqualTo(LoginDecision.LOCKED_OUT);
    }
    try (Stream<Path> files = Files.list(dir.resolve("attempts"))) {
      assertThat(files.map(Path::getFileName).map(Path::toString))
          .allSatisfy(name -> assertThat(name).doesNotContain("alice"));
    }
  }
}
