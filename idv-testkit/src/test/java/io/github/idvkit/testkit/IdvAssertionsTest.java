package io.github.idvkit.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.FaceId;
import io.github.idvkit.ForgetResult;
import io.github.idvkit.IdentifyDecision;
import io.github.idvkit.IdentifyResult;
import io.github.idvkit.LoginDecision;
import io.github.idvkit.LoginResult;
import io.github.idvkit.QualityIssue;
import io.github.idvkit.RegisterDecision;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.Similarity;
import io.github.idvkit.UserId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IdvAssertionsTest {

  private static final UserId ALICE = UserId.of("alice@example.com");

  private static RegisterResult register(RegisterDecision decision, QualityIssue... issues) {
    RegisterResult.Builder result =
        RegisterResult.builder().decision(decision).userId(ALICE).requestId("r1").addQualityIssues(issues);
    if (decision == RegisterDecision.REGISTERED) {
      result.faceId(io.github.idvkit.FaceId.of("f-1")).image(io.github.idvkit.StoredImage.of("memory://images/faces/f-1.jpg"));
    }
    return result.build();
  }

  @Test
  void isRegistered_lowQuality_failsNamingDecisionAndIssues() {
    RegisterResult result = register(RegisterDecision.LOW_QUALITY, QualityIssue.TOO_DARK);

    assertThatThrownBy(() -> IdvAssertions.assertThat(result).isRegistered())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expected the registration to be REGISTERED, but it was LOW_QUALITY")
        .hasMessageContaining("TOO_DARK")
        .hasMessageNotContaining("alice@example.com");
  }

  @Test
  void hasQualityIssue_presentIssue_passes() {
    RegisterResult result = register(RegisterDecision.LOW_QUALITY, QualityIssue.TOO_DARK, QualityIssue.BLURRY);

    assertThatCode(() -> IdvAssertions.assertThat(result)
            .isNotRegistered()
            .hasDecision(RegisterDecision.LOW_QUALITY)
            .hasQualityIssue(QualityIssue.BLURRY))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> IdvAssertions.assertThat(result).hasQualityIssue(QualityIssue.POSE))
        .hasMessageContaining("Expected quality issues [POSE]");
  }

  @Test
  void isAlreadyRegisteredAs_otherUser_failsNamingWhoseFaceItIs() {
    RegisterResult result =
        RegisterResult.builder()
            .decision(RegisterDecision.FACE_ALREADY_REGISTERED)
            .userId(UserId.of("mallory"))
            .requestId("r1")
            .existingUser(ALICE)
            .build();

    assertThatCode(() -> IdvAssertions.assertThat(result).isAlreadyRegisteredAs(ALICE)).doesNotThrowAnyException();
    assertThatThrownBy(() -> IdvAssertions.assertThat(result).isAlreadyRegisteredAs("bob"))
        .hasMessageContaining("Expected the face to belong to");
  }

  @Test
  void isReplayed_newRegistration_fails() {
    RegisterResult result = register(RegisterDecision.REGISTERED);

    assertThatThrownBy(() -> IdvAssertions.assertThat(result).isReplayed())
        .hasMessageContaining("Expected a replay of an earlier registration");
  }

  @Test
  void isVerified_notMatched_failsWithSimilarity() {
    LoginResult result =
        LoginResult.builder()
            .decision(LoginDecision.NOT_MATCHED)
            .userId(ALICE)
            .similarity(Similarity.ofPercent(97))
            .build();

    assertThatThrownBy(() -> IdvAssertions.assertThat(result).isVerified())
        .hasMessageContaining("Expected the login to be VERIFIED, but it was NOT_MATCHED, similarity 97.00%");
    assertThatCode(() -> IdvAssertions.assertThat(result)
            .isNotVerified()
            .hasSimilarityBelow(Similarity.ofPercent(99))
            .hasSimilarityAtLeast(Similarity.ofPercent(90)))
        .doesNotThrowAnyException();
  }

  @Test
  void isIdentifiedAs_notRecognized_fails() {
    IdentifyResult result =
        IdentifyResult.builder()
            .decision(IdentifyDecision.NOT_RECOGNIZED)
            .similarity(Similarity.ofPercent(40))
            .build();

    assertThatThrownBy(() -> IdvAssertions.assertThat(result).isIdentifiedAs(ALICE))
        .hasMessageContaining("Expected the identification to be IDENTIFIED, but it was NOT_RECOGNIZED");
    assertThatCode(() -> IdvAssertions.assertThat(result).isNotRecognized()).doesNotThrowAnyException();
  }

  @Test
  void deletedFaces_wrongCount_failsWithReceipt() {
    ForgetResult result =
        ForgetResult.builder()
            .userId(ALICE)
            .addDeletedFaces(FaceId.of("f1"))
            .deletedImages(1)
            .deletedRecords(1)
            .completedAt(Instant.parse("2026-11-27T10:00:00Z"))
            .build();

    assertThatThrownBy(() -> IdvAssertions.assertThat(result).deletedFaces(2))
        .hasMessageContaining("Expected 2 face(s) erased, but the receipt was 1 face(s), 1 image(s), 1 record(s)");
    assertThatThrownBy(() -> IdvAssertions.assertThat(result).deletedNothing())
        .hasMessageContaining("Expected nothing to be erased");
    assertThatCode(() -> IdvAssertions.assertThat(result).deletedFaces(1).deletedImages(1).deletedRecords(1))
        .doesNotThrowAnyException();
  }
}
