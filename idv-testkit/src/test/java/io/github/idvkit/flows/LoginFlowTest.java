package io.github.idvkit.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.ExecutionMode;
import io.github.idvkit.FaceImage;
import io.github.idvkit.LoginDecision;
import io.github.idvkit.LoginResult;
import io.github.idvkit.ProviderException;
import io.github.idvkit.QualityIssue;
import io.github.idvkit.Similarity;
import io.github.idvkit.UserId;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.spi.FaceFact;
import io.github.idvkit.testkit.Fault;
import io.github.idvkit.testkit.InMemoryFaceIndex;
import io.github.idvkit.testkit.TestFaces;
import io.github.idvkit.testkit.TestSubject;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LoginFlowTest {

  private static final TestSubject ALICE = TestFaces.subject("alice");
  private static final TestSubject BOB = TestFaces.subject("bob");

  private static Rig registered(ExecutionMode mode) {
    return registered(new Rig(mode));
  }

  private static Rig registered(Rig rig) {
    rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)));
    rig.verifier.register(req -> req.userId("bob").selfie(BOB.image(1)));
    return rig;
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void login_registeredUserNewSelfie_isVerified(ExecutionMode mode) {
    try (Rig rig = registered(mode)) {

      LoginResult result = rig.verifier.login(req -> req.userId("alice").selfie(ALICE.image(2)));

      assertThat(result.decision()).isEqualTo(LoginDecision.VERIFIED);
      assertThat(result.verified()).isTrue();
      assertThat(result.similarity()).hasValueSatisfying(s -> assertThat(s.ratio()).isGreaterThanOrEqualTo(0.99));
      assertThat(result.matchedFace()).isPresent();
    }
  }

  /**
   * A face left in the index without a record (a crash between indexing and the record write, or
   * a failed undo) belongs to no registration; verifying on it would let in whoever had it indexed.
   */
  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void login_onAFaceLeftWithoutRecord_isNotVerified(ExecutionMode mode) {
    try (Rig rig = new Rig(mode)) {
      rig.verifier.register(req -> req.userId("mallory").selfie(TestFaces.subject("mallory").image(1)));
      // What a crash between IndexFaces and the record write leaves behind.
      rig.index.index(UserId.of("mallory"), ALICE.image(1));
      assertThat(rig.orphans()).singleElement().asString().startsWith("face");

      LoginResult result = rig.verifier.login(req -> req.userId("mallory").selfie(ALICE.image(2)));

      assertThat(result.decision()).isEqualTo(LoginDecision.NOT_MATCHED);
    }
  }

  /**
   * The same on a user-level search (Rekognition's SearchUsersByImage names users, not faces): the
   * flow cannot tell which face matched, so it fails closed while the user has an unrecorded face.
   */
  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void login_userLevelSearchWithAFaceLeftWithoutRecord_failsClosed(ExecutionMode mode) {
    try (Rig rig = Rig.withUserLevelSearch(mode, VerificationPolicy.highSecurity())) {
      rig.verifier.register(req -> req.userId("mallory").selfie(TestFaces.subject("mallory").image(1)));
      rig.index.index(UserId.of("mallory"), ALICE.image(1));

      LoginResult result = rig.verifier.login(req -> req.userId("mallory").selfie(ALICE.image(2)));

      assertThat(result.decision()).isEqualTo(LoginDecision.NOT_MATCHED);
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void login_userLevelSearchOnRecordedFaces_isVerified(ExecutionMode mode) {
    try (Rig rig = Rig.withUserLevelSearch(mode, VerificationPolicy.highSecurity())) {
      rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)));

      LoginResult result = rig.verifier.login(req -> req.userId("alice").selfie(ALICE.image(2)));

      assertThat(result.decision()).isEqualTo(LoginDecision.VERIFIED);
      assertThat(result.matchedFace()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void login_strangerClaimingAUser_isNeverVerified(ExecutionMode mode) {
    try (Rig rig = registered(mode)) {

      LoginResult result = rig.verifier.login(req -> req.userId("alice").selfie(TestFaces.subject("carol").image(1)));

      assertThat(result.decision()).isEqualTo(LoginDecision.NOT_MATCHED);
    }
  }

  @Test
  void login_strangerWithTheTutorialsLowThreshold_isStillNotLoggedInAsTheNearestUser() {
    VerificationPolicy lax =
        VerificationPolicy.highSecurity().toBuilder()
            .loginThreshold(Similarity.ofPercent(70))
            .belowFloorAllowed(true)
            .build();
    try (Rig rig = new Rig(ExecutionMode.SEQUENTIAL, lax)) {
      rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)));

      LoginResult result = rig.verifier.login(req -> req.userId("alice").selfie(TestFaces.subject("carol").image(1)));

      assertThat(result.verified()).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void login_anotherRegisteredUsersFace_isNotMatched(ExecutionMode mode) {
    try (Rig rig = registered(mode)) {

      LoginResult result = rig.verifier.login(req -> req.userId("alice").selfie(BOB.image(2)));

      assertThat(result.decision()).isEqualTo(LoginDecision.NOT_MATCHED);
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void login_anotherUserMatchingBetter_isNotMatched(ExecutionMode mode) {
    VerificationPolicy lower =
        VerificationPolicy.highSecurity().toBuilder().duplicateThreshold(Similarity.ofPercent(99.9))
            .duplicateReviewThreshold(java.util.Optional.empty()).build();
    try (Rig rig = new Rig(mode, lower)) {
      rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)));
      TestSubject mallory = ALICE.lookalike("mallory", 0.992);
      rig.verifier.register(req -> req.userId("mallory").selfie(mallory.image(1)));

      LoginResult result = rig.verifier.login(req -> req.userId("mallory").selfie(ALICE.image(2)));

      assertThat(result.decision()).isEqualTo(LoginDecision.NOT_MATCHED);
      assertThat(result.similarity()).contains(Similarity.ofRatio(0.992));
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void login_unregisteredUser_isNotRegistered(ExecutionMode mode) {
    try (Rig rig = registered(mode)) {

      LoginResult result = rig.verifier.login(req -> req.userId("carol").selfie(TestFaces.subject("carol").image(1)));

      assertThat(result.decision()).isEqualTo(LoginDecision.NOT_REGISTERED);
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void login_badSelfies_sayWhy(ExecutionMode mode) {
    try (Rig rig = registered(mode)) {

      assertThat(rig.verifier.login(req -> req.userId("alice").selfie(TestFaces.noFace())).decision())
          .isEqualTo(LoginDecision.NO_FACE);
      assertThat(rig.verifier.login(req -> req.userId("alice").selfie(TestFaces.group("alice", "bob"))).decision())
          .isEqualTo(LoginDecision.MULTIPLE_FACES);
      LoginResult dark = rig.verifier.login(req -> req.userId("alice").selfie(ALICE.dark().image(2)));
      assertThat(dark.decision()).isEqualTo(LoginDecision.LOW_QUALITY);
      assertThat(dark.qualityIssues()).contains(QualityIssue.TOO_DARK);
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void login_aSearchReportingOnlyBoxAndConfidence_needsTheDetectorForAStrictGate(ExecutionMode mode) {
    try (Rig rig = registered(mode)) {
      int detections = rig.detector.calls().size();

      LoginResult result = rig.verifier.login(req -> req.userId("alice").selfie(ALICE.image(2)));

      assertThat(result.decision()).isEqualTo(LoginDecision.VERIFIED);
      assertThat(rig.detector.calls()).hasSize(detections + 1);
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void login_aGateTheSearchCanDecide_neverStartsADetection(ExecutionMode mode) {
    VerificationPolicy lean = VerificationPolicy.standard();
    try (Rig rig = registered(new Rig(mode, lean))) {
      int detections = rig.detector.calls().size();

      LoginResult verified = rig.verifier.login(req -> req.userId("alice").selfie(ALICE.image(2)));
      LoginResult group = rig.verifier.login(req -> req.userId("alice").selfie(TestFaces.group("alice", "bob")));

      assertThat(verified.decision()).isEqualTo(LoginDecision.VERIFIED);
      assertThat(group.decision()).isEqualTo(LoginDecision.MULTIPLE_FACES);
      assertThat(rig.detector.calls()).hasSize(detections);
    }
  }

  @Test
  void login_sequentialWithAFaceReportingIndex_makesOneFaceProviderCall() {
    InMemoryFaceIndex index = InMemoryFaceIndex.builder().searchReports(EnumSet.allOf(FaceFact.class)).build();
    try (Rig rig = registered(Rig.withIndex(ExecutionMode.SEQUENTIAL, VerificationPolicy.highSecurity(), index))) {
      int detections = rig.detector.calls().size();
      int searches = rig.index.calls("search").size();

      rig.verifier.login(req -> req.userId("alice").selfie(ALICE.image(2)));

      assertThat(rig.detector.calls()).hasSize(detections);
      assertThat(rig.index.calls("search")).hasSize(searches + 1);
      assertThat(rig.comparer.calls()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void login_throttledSearch_surfacesARetryableError(ExecutionMode mode) {
    try (Rig rig = registered(mode)) {
      rig.index.faults().failNext("search", Fault.throttled());

      assertThatThrownBy(() -> rig.verifier.login(req -> req.userId("alice").selfie(ALICE.image(2))))
          .isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.retryable()).isTrue();
            assertThat(e.kind()).isEqualTo(ProviderException.Kind.THROTTLED);
          });
    }
  }

  @Test
  void login_userIdWithSpecialCharacters_works() {
    try (Rig rig = new Rig(ExecutionMode.SEQUENTIAL)) {
      FaceImage selfie = ALICE.image(1);
      rig.verifier.register(req -> req.userId("alice@example.com").selfie(selfie));

      LoginResult result = rig.verifier.login(req -> req.userId("alice@example.com").selfie(ALICE.image(4)));

      assertThat(result.verified()).isTrue();
      assertThat(result.userId()).isEqualTo(UserId.of("alice@example.com"));
    }
  }
}
