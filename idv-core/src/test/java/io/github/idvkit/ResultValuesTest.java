package io.github.idvkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The result types refuse to be built without what the Javadoc table says a decision carries. */
class ResultValuesTest {

  private static final UserId USER = UserId.of("alice");

  @Test
  void registerResult_registeredWithoutFace_isRefused() {
    assertThatThrownBy(() -> RegisterResult.builder().decision(RegisterDecision.REGISTERED).userId(USER)
            .requestId("r").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a face and an image");
  }

  @Test
  void registerResult_faceAlreadyRegisteredWithoutOwner_isRefused() {
    assertThatThrownBy(() -> RegisterResult.builder().decision(RegisterDecision.FACE_ALREADY_REGISTERED)
            .userId(USER).requestId("r").build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void registerResult_lowQualityWithoutIssues_isRefused() {
    assertThatThrownBy(() -> RegisterResult.builder().decision(RegisterDecision.LOW_QUALITY).userId(USER)
            .requestId("r").build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void loginResult_verifiedWithoutSimilarity_isRefused() {
    assertThatThrownBy(() -> LoginResult.builder().decision(LoginDecision.VERIFIED).userId(USER).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void identifyResult_notRecognizedNamingAUser_isRefused() {
    assertThatThrownBy(() -> IdentifyResult.builder().decision(IdentifyDecision.NOT_RECOGNIZED).userId(USER)
            .build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
