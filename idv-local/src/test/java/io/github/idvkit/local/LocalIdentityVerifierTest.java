package io.github.idvkit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.ForgetResult;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.LoginDecision;
import io.github.idvkit.LoginResult;
import io.github.idvkit.RegisterDecision;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.UserId;
import io.github.idvkit.VerificationPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end on real photos: register, log in, refuse strangers, survive a restart, forget. */
class LocalIdentityVerifierTest {

  @TempDir Path dir;

  private IdentityVerifier verifier() {
    return LocalIdentityVerifier.builder().dataDirectory(dir).engine(SharedLocalEngine.get()).build();
  }

  @Test
  void registerThenLogin_samePersonInAnotherPhoto_isVerified() {
    try (IdentityVerifier idv = verifier()) {
      RegisterResult registered =
          idv.register(req -> req.userId("alice@example.com").selfie(RealFaces.personA()));

      LoginResult login =
          idv.login(req -> req.userId("alice@example.com").selfie(RealFaces.personAAgain()));

      assertThat(registered.decision()).isEqualTo(RegisterDecision.REGISTERED);
      assertThat(login.decision()).isEqualTo(LoginDecision.VERIFIED);
      assertThat(login.matchedFace()).isEqualTo(registered.faceId());
    }
  }

  @Test
  void login_differentPerson_isNotVerified() {
    try (IdentityVerifier idv = verifier()) {
      idv.register(req -> req.userId("alice@example.com").selfie(RealFaces.personA()));
      idv.register(req -> req.userId("grace").selfie(TestPhotos.GRACE_HOPPER.image()));

      for (TestPhotos stranger : TestPhotos.values()) {
        LoginResult login = idv.login(req -> req.userId("alice@example.com").selfie(stranger.image()));

        assertThat(login.verified()).as(stranger.fileName()).isFalse();
        assertThat(login.decision()).as(stranger.fileName()).isIn(LoginDecision.NOT_MATCHED, LoginDecision.LOW_QUALITY);
      }
    }
  }

  @Test
  void register_samePersonTwice_isAlreadyRegistered() {
    try (IdentityVerifier idv = verifier()) {
      idv.register(req -> req.userId("alice@example.com").selfie(RealFaces.personA()));

      RegisterResult again = idv.register(req -> req.userId("alice-2").selfie(RealFaces.personAAgain()));

      assertThat(again.decision()).isEqualTo(RegisterDecision.ALREADY_REGISTERED);
      assertThat(again.existingUser()).contains(UserId.of("alice@example.com"));
    }
  }

  @Test
  void register_withMatchingIdPhoto_isRegistered_andWithAStrangersIdPhoto_isRefused() {
    try (IdentityVerifier idv = verifier()) {
      RegisterResult matching =
          idv.register(
              req -> req.userId("alice").selfie(RealFaces.personAAgain()).idPhoto(RealFaces.personA()));
      RegisterResult stranger =
          idv.register(
              req -> req.userId("mona").selfie(TestPhotos.MONA_LISA.image()).idPhoto(TestPhotos.ASTRONAUT.image()));

      assertThat(matching.decision()).isEqualTo(RegisterDecision.REGISTERED);
      assertThat(stranger.decision()).isEqualTo(RegisterDecision.ID_NOT_MATCHED);
    }
  }

  @Test
  void login_afterRestart_stillVerifies() {
    try (IdentityVerifier idv = verifier()) {
      idv.register(req -> req.userId("alice@example.com").selfie(RealFaces.personA()));
    }

    try (IdentityVerifier idv = verifier()) {
      assertThat(idv.login(req -> req.userId("alice@example.com").selfie(RealFaces.personAAgain())).decision())
          .isEqualTo(LoginDecision.VERIFIED);
    }
  }

  @Test
  void forget_leavesNothingBehind() throws Exception {
    try (IdentityVerifier idv = verifier()) {
      idv.register(req -> req.userId("alice@example.com").selfie(RealFaces.personA()));

      ForgetResult receipt = idv.forget(UserId.of("alice@example.com"));

      assertThat(receipt.deletedFaces()).hasSize(1);
      assertThat(receipt.deletedImages()).isEqualTo(1);
      assertThat(receipt.deletedRecords()).isEqualTo(1);
      assertThat(idv.login(req -> req.userId("alice@example.com").selfie(RealFaces.personAAgain())).decision())
          .isEqualTo(LoginDecision.NOT_REGISTERED);
    }
    try (var files = Files.walk(dir.resolve("images"))) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void encryptionKey_storesNothingReadableAndStillVerifiesAfterRestart() throws Exception {
    javax.crypto.SecretKey key = new javax.crypto.spec.SecretKeySpec(new byte[32], "AES");
    try (IdentityVerifier idv =
        LocalIdentityVerifier.builder().dataDirectory(dir).engine(SharedLocalEngine.get()).encryptionKey(key).build()) {
      assertThat(idv.register(req -> req.userId("alice@example.com").selfie(RealFaces.personA())).decision())
          .isEqualTo(RegisterDecision.REGISTERED);
    }

    try (var files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String content = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(content).as(file.toString()).doesNotContain("alice@example.com").doesNotContain("JFIF");
      }
    }
    try (IdentityVerifier idv =
        LocalIdentityVerifier.builder().dataDirectory(dir).engine(SharedLocalEngine.get()).encryptionKey(key).build()) {
      assertThat(idv.login(req -> req.userId("alice@example.com").selfie(RealFaces.personAAgain())).decision())
          .isEqualTo(LoginDecision.VERIFIED);
    }
  }

  @Test
  void registerAndLogin_decodeAndDetectEachSelfieOnce() {
    try (IdentityVerifier idv = verifier()) {
      long before = SharedLocalEngine.get().engine().analysesComputed();

      idv.register(req -> req.userId("alice@example.com").selfie(RealFaces.personA()).idPhoto(RealFaces.personAAgain()));
      long afterRegister = SharedLocalEngine.get().engine().analysesComputed();
      idv.login(req -> req.userId("alice@example.com").selfie(TestPhotos.MONA_LISA.image()));

      assertThat(afterRegister - before).as("selfie and ID photo").isLessThanOrEqualTo(2);
      assertThat(SharedLocalEngine.get().engine().analysesComputed() - afterRegister).isLessThanOrEqualTo(1);
    }
  }

  @Test
  void build_withoutDataDirectory_throws() {
    assertThatThrownBy(() -> LocalIdentityVerifier.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dataDirectory");
  }

  @Test
  void calibratedPolicy_optsInBelowTheFloorAndKeepsStrangersOut() {
    VerificationPolicy policy = LocalIdentityVerifier.calibratedPolicy();

    assertThat(policy.belowFloorAllowed()).isTrue();
    assertThat(policy.loginThreshold().ratio()).isEqualTo(LocalSimilarity.MATCH_SIMILARITY);
    assertThat(LocalSimilarity.distance(policy.identifyThreshold())).isLessThan(LocalSimilarity.MATCH_DISTANCE);
    assertThat(LocalSimilarity.distance(policy.duplicateThreshold())).isGreaterThan(LocalSimilarity.MATCH_DISTANCE);
    assertThat(policy.identificationEnabled()).isFalse();
  }

  @Test
  void close_withProvidedEngine_doesNotCloseEngine() {
    verifier().close();

    assertThat(SharedLocalEngine.get().toString()).contains("closed=false");
  }
}
