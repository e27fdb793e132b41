package io.github.idvkit.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.ExecutionMode;
import io.github.idvkit.IdentifyDecision;
import io.github.idvkit.IdentifyRequest;
import io.github.idvkit.IdentifyResult;
import io.github.idvkit.Similarity;
import io.github.idvkit.UserId;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.testkit.TestFaces;
import io.github.idvkit.testkit.TestSubject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IdentifyFlowTest {

  private static final TestSubject ALICE = TestFaces.subject("alice");
  private static final TestSubject BOB = TestFaces.subject("bob");

  @Test
  void identify_offByDefault_refusesWithAHowTo() {
    try (Rig rig = new Rig(ExecutionMode.SEQUENTIAL)) {

      assertThatThrownBy(() -> rig.verifier.identify(IdentifyRequest.of(ALICE.image(1))))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("identificationEnabled(true)");
      assertThat(rig.providerCalls()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void identify_registeredFace_namesTheUser(ExecutionMode mode) {
    try (Rig rig = new Rig(mode, Rig.withIdentification())) {
      rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)));
      rig.verifier.register(req -> req.userId("bob").selfie(BOB.image(1)));

      IdentifyResult result = rig.verifier.identify(req -> req.selfie(ALICE.image(2)));

      assertThat(result.decision()).isEqualTo(IdentifyDecision.IDENTIFIED);
      assertThat(result.userId()).contains(UserId.of("alice"));
      assertThat(result.runnerUpSimilarity()).hasValueSatisfying(s -> assertThat(s.ratio()).isLessThan(0.9));
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void identify_stranger_isNotRecognized(ExecutionMode mode) {
    try (Rig rig = new Rig(mode, Rig.withIdentification())) {
      rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)));

      IdentifyResult result = rig.verifier.identify(req -> req.selfie(TestFaces.subject("carol").image(1)));

      assertThat(result.decision()).isEqualTo(IdentifyDecision.NOT_RECOGNIZED);
      assertThat(result.userId()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void identify_twoUsersWithinTheMargin_isNotRecognized(ExecutionMode mode) {
    VerificationPolicy policy =
        Rig.withIdentification().toBuilder().duplicateThreshold(Similarity.ofPercent(99.9))
            .duplicateReviewThreshold(java.util.Optional.empty()).build();
    try (Rig rig = new Rig(mode, policy)) {
      rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)));
      rig.verifier.register(req -> req.userId("mallory").selfie(ALICE.lookalike("mallory", 0.992).image(1)));

      IdentifyResult result = rig.verifier.identify(req -> req.selfie(ALICE.image(2)));

      assertThat(result.decision()).isEqualTo(IdentifyDecision.NOT_RECOGNIZED);
      assertThat(result.similarity()).isPresent();
      assertThat(result.runnerUpSimilarity()).isPresent();
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void identify_badSelfie_saysWhy(ExecutionMode mode) {
    try (Rig rig = new Rig(mode, Rig.withIdentification())) {

      assertThat(rig.verifier.identify(req -> req.selfie(TestFaces.noFace())).decision())
          .isEqualTo(IdentifyDecision.NO_FACE);
      assertThat(rig.verifier.identify(req -> req.selfie(TestFaces.group("alice", "bob"))).decision())
          .isEqualTo(IdentifyDecision.MULTIPLE_FACES);
      assertThat(rig.verifier.identify(req -> req.selfie(ALICE.blurred().image(1))).decision())
          .isEqualTo(IdentifyDecision.LOW_QUALITY);
    }
  }

  /** As for login: a face without a record belongs to no registration and identifies no one. */
  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void identify_onAFaceLeftWithoutRecord_isNotRecognized(ExecutionMode mode) {
    try (Rig rig = new Rig(mode, Rig.withIdentification())) {
      rig.verifier.register(req -> req.userId("mallory").selfie(TestFaces.subject("mallory").image(1)));
      // What a crash between IndexFaces and the record write leaves behind.
      rig.index.index(UserId.of("mallory"), TestFaces.subject("alice").image(1));
      assertThat(rig.orphans()).singleElement().asString().startsWith("face");

      IdentifyResult result = rig.verifier.identify(req -> req.selfie(TestFaces.subject("alice").image(2)));

      assertThat(result.decision()).isEqualTo(IdentifyDecision.NOT_RECOGNIZED);
      assertThat(result.userId()).isEmpty();
    }
  }

  /** On a user-level search (SearchUsersByImage) identify fails closed on a user with an unrecorded face. */
  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void identify_userLevelSearchWithAFaceLeftWithoutRecord_isNotRecognized(ExecutionMode mode) {
    try (Rig rig = Rig.withUserLevelSearch(mode, Rig.withIdentification())) {
      rig.verifier.register(req -> req.userId("mallory").selfie(TestFaces.subject("mallory").image(1)));
      rig.index.index(UserId.of("mallory"), TestFaces.subject("alice").image(1));

      IdentifyResult result = rig.verifier.identify(req -> req.selfie(TestFaces.subject("alice").image(2)));

      assertThat(result.decision()).isEqualTo(IdentifyDecision.NOT_RECOGNIZED);
      assertThat(result.userId()).isEmpty();
    }
  }
}
