package io.github.idvkit.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.AuditImageRetention;
import io.github.idvkit.ConfigurationException;
import io.github.idvkit.FaceImage;
import io.github.idvkit.Flow;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.LivenessConfidence;
import io.github.idvkit.LivenessSessionId;
import io.github.idvkit.LoginDecision;
import io.github.idvkit.LoginResult;
import io.github.idvkit.RegisterDecision;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.UserId;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.spi.ImageKeys;
import io.github.idvkit.testkit.Fault;
import io.github.idvkit.testkit.FakeLivenessCheck;
import io.github.idvkit.testkit.InMemoryAttemptLimiter;
import io.github.idvkit.testkit.InMemoryFaceIndex;
import io.github.idvkit.testkit.InMemoryFaceRecordStore;
import io.github.idvkit.testkit.InMemoryIdentityVerifier;
import io.github.idvkit.testkit.InMemoryImageStore;
import io.github.idvkit.testkit.InMemoryLivenessSessionStore;
import io.github.idvkit.testkit.TestFaces;
import io.github.idvkit.testkit.TestSubject;
import io.github.idvkit.ProviderException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Register and login with a liveness session instead of a selfie: each outcome, on the fakes. */
class LivenessFlowTest {

  private static final UserId ALICE = UserId.of("alice@example.com");
  private static final UserId BOB = UserId.of("bob@example.com");
  private static final TestSubject alice = TestFaces.subject("alice");
  private static final TestSubject bob = TestFaces.subject("bob");

  private final TestClock clock = new TestClock(Instant.parse("2026-12-02T10:00:00Z"));
  private final InMemoryIdentityVerifier idv = verifier(VerificationPolicy.highSecurity());

  private InMemoryIdentityVerifier verifier(VerificationPolicy policy) {
    InMemoryIdentityVerifier verifier = InMemoryIdentityVerifier.builder().clock(clock).policy(policy).build();
    verifier.faceIndex().createCollection();
    return verifier;
  }

  private LivenessSessionId livePass(InMemoryIdentityVerifier verifier, UserId user, Flow flow, FaceImage face) {
    LivenessSessionId session = verifier.startLiveness(user, flow);
    verifier.livenessCheck().pass(session, face);
    return session;
  }

  @Test
  void register_withAPassedSession_registersTheReferenceImage() {
    LivenessSessionId session = livePass(idv, ALICE, Flow.REGISTER, alice.image(1));

    RegisterResult result = idv.register(req -> req.userId(ALICE).livenessSession(session));

    assertThat(result.decision()).isEqualTo(RegisterDecision.REGISTERED);
    assertThat(result.livenessConfidence()).contains(FakeLivenessCheck.PASSING);
    assertThat(idv.imageStore().get(result.image().orElseThrow()).orElseThrow().sha256())
        .isEqualTo(alice.image(1).normalize(io.github.idvkit.ImageLimits.defaults()).sha256());
  }

  @Test
  void login_withAPassedSession_isVerified_andTheReferenceIsTheProbe() {
    idv.register(req -> req.userId(ALICE).selfie(alice.image(1)));
    LivenessSessionId session = livePass(idv, ALICE, Flow.LOGIN, alice.image(2));

    LoginResult result = idv.login(req -> req.userId(ALICE).livenessSession(session));

    assertThat(result.decision()).isEqualTo(LoginDecision.VERIFIED);
    assertThat(result.livenessConfidence()).contains(FakeLivenessCheck.PASSING);
  }

  @Test
  void login_withAPrintedPhoto_isLivenessFailed_andNoSearchRuns() {
    idv.register(req -> req.userId(ALICE).selfie(alice.image(1)));
    LivenessSessionId session = idv.startLiveness(ALICE, Flow.LOGIN);
    idv.livenessCheck().complete(session, LivenessConfidence.ofPercent(12), alice.image(1));
    int searches = idv.faceIndex().calls("search").size();

    LoginResult result = idv.login(req -> req.userId(ALICE).livenessSession(session));

    assertThat(result.decision()).isEqualTo(LoginDecision.LIVENESS_FAILED);
    assertThat(result.livenessConfidence()).contains(LivenessConfidence.ofPercent(12));
    assertThat(idv.faceIndex().calls("search")).hasSize(searches);
  }

  @Test
  void login_withAPrintedPhotoAndASelfie_isVerified_whichIsWhyLivenessMatters() {
    idv.register(req -> req.userId(ALICE).selfie(alice.image(1)));

    LoginResult result = idv.login(req -> req.userId(ALICE).selfie(alice.image(1)));

    assertThat(result.decision()).isEqualTo(LoginDecision.VERIFIED);
  }

  @Test
  void login_withAFailedOrUnfinishedSession_isLivenessFailed() {
    idv.register(req -> req.userId(ALICE).selfie(alice.image(1)));
    LivenessSessionId failed = idv.startLiveness(ALICE, Flow.LOGIN);
    idv.livenessCheck().fail(failed);
    LivenessSessionId unfinished = idv.startLiveness(ALICE, Flow.LOGIN);
    idv.livenessCheck().start(unfinished);

    assertThat(idv.login(req -> req.userId(ALICE).livenessSession(failed)).decision())
        .isEqualTo(LoginDecision.LIVENESS_FAILED);
    assertThat(idv.login(req -> req.userId(ALICE).livenessSession(unfinished)).decision())
        .isEqualTo(LoginDecision.LIVENESS_FAILED);
  }

  @Test
  void login_belowThePolicysLivenessThreshold_isLivenessFailed() {
    InMemoryIdentityVerifier strict = verifier(VerificationPolicy.highSecurity().toBuilder()
        .livenessThreshold(LivenessConfidence.ofPercent(99.9)).build());
    strict.register(req -> req.userId(ALICE).selfie(alice.image(1)));
    LivenessSessionId session = livePass(strict, ALICE, Flow.LOGIN, alice.image(2));

    assertThat(strict.login(req -> req.userId(ALICE).livenessSession(session)).decision())
        .isEqualTo(LoginDecision.LIVENESS_FAILED);
  }

  @Test
  void login_withASessionUsedBefore_isAlreadyUsed() {
    idv.register(req -> req.userId(ALICE).selfie(alice.image(1)));
    LivenessSessionId session = livePass(idv, ALICE, Flow.LOGIN, alice.image(2));
    idv.login(req -> req.userId(ALICE).livenessSession(session));

    LoginResult replay = idv.login(req -> req.userId(ALICE).livenessSession(session));

    assertThat(replay.decision()).isEqualTo(LoginDecision.LIVENESS_ALREADY_USED);
  }

  @Test
  void login_withASessionOfAnotherUser_isNotForUser_andTheSessionStaysUsable() {
    idv.register(req -> req.userId(ALICE).selfie(alice.image(1)));
    idv.register(req -> req.userId(BOB).selfie(bob.image(1)));
    LivenessSessionId bobs = livePass(idv, BOB, Flow.LOGIN, bob.image(2));

    LoginResult stolen = idv.login(req -> req.userId(ALICE).livenessSession(bobs));
    LoginResult own = idv.login(req -> req.userId(BOB).livenessSession(bobs));

    assertThat(stolen.decision()).isEqualTo(LoginDecision.LIVENESS_NOT_FOR_USER);
    assertThat(own.decision()).isEqualTo(LoginDecision.VERIFIED);
  }

  @Test
  void register_withASessionStartedForLogin_isNotForUser() {
    LivenessSessionId session = livePass(idv, ALICE, Flow.LOGIN, alice.image(1));

    assertThat(idv.register(req -> req.userId(ALICE).livenessSession(session)).decision())
        .isEqualTo(RegisterDecision.LIVENESS_NOT_FOR_USER);
  }

  @Test
  void login_withASessionNeverStartedHere_isNotFound_andTheProviderIsNotAsked() {
    idv.register(req -> req.userId(ALICE).selfie(alice.image(1)));
    LivenessSessionId foreign = idv.livenessCheck().createSession(0);
    idv.livenessCheck().pass(foreign, alice.image(2));
    int results = idv.livenessCheck().calls("result").size();

    LoginResult result = idv.login(req -> req.userId(ALICE).livenessSession(foreign));

    assertThat(result.decision()).isEqualTo(LoginDecision.LIVENESS_NOT_FOUND);
    assertThat(idv.livenessCheck().calls("result")).hasSize(results);
  }

  @Test
  void login_withASessionTheProviderForgot_isNotFound() {
    idv.register(req -> req.userId(ALICE).selfie(alice.image(1)));
    LivenessSessionId session = livePass(idv, ALICE, Flow.LOGIN, alice.image(2));
    idv.livenessCheck().forget(session);

    assertThat(idv.login(req -> req.userId(ALICE).livenessSession(session)).decision())
        .isEqualTo(LoginDecision.LIVENESS_NOT_FOUND);
  }

  @Test
  void login_afterTheSessionLifetime_isExpired() {
    idv.register(req -> req.userId(ALICE).selfie(alice.image(1)));
    LivenessSessionId session = livePass(idv, ALICE, Flow.LOGIN, alice.image(2));

    clock.advance(idv.policy().livenessSessionLifetime().plusSeconds(1));

    assertThat(idv.login(req -> req.userId(ALICE).livenessSession(session)).decision())
        .isEqualTo(LoginDecision.LIVENESS_EXPIRED);
  }

  @Test
  void login_withASessionTheProviderReportsExpired_isExpired() {
    idv.register(req -> req.userId(ALICE).selfie(alice.image(1)));
    LivenessSessionId session = idv.startLiveness(ALICE, Flow.LOGIN);
    idv.livenessCheck().expire(session);

    assertThat(idv.login(req -> req.userId(ALICE).livenessSession(session)).decision())
        .isEqualTo(LoginDecision.LIVENESS_EXPIRED);
  }

  @Test
  void login_onASecondInstance_acceptsTheSessionOnce() {
    InMemoryLivenessSessionStore sessions = InMemoryLivenessSessionStore.create();
    FakeLivenessCheck liveness = FakeLivenessCheck.create(clock);
    InMemoryFaceIndex index = InMemoryFaceIndex.create();
    index.createCollection();
    InMemoryImageStore images = InMemoryImageStore.create();
    InMemoryFaceRecordStore records = InMemoryFaceRecordStore.create();
    InMemoryAttemptLimiter attempts = InMemoryAttemptLimiter.create();
    InMemoryIdentityVerifier first = instance(sessions, liveness, index, images, records, attempts);
    InMemoryIdentityVerifier second = instance(sessions, liveness, index, images, records, attempts);
    first.register(req -> req.userId(ALICE).selfie(alice.image(1)));
    LivenessSessionId session = first.startLiveness(ALICE, Flow.LOGIN);
    liveness.pass(session, alice.image(2));

    LoginResult onSecond = second.login(req -> req.userId(ALICE).livenessSession(session));
    LoginResult backOnFirst = first.login(req -> req.userId(ALICE).livenessSession(session));

    assertThat(onSecond.decision()).isEqualTo(LoginDecision.VERIFIED);
    assertThat(backOnFirst.decision()).isEqualTo(LoginDecision.LIVENESS_ALREADY_USED);
  }

  private InMemoryIdentityVerifier instance(
      InMemoryLivenessSessionStore sessions, FakeLivenessCheck liveness, InMemoryFaceIndex index,
      InMemoryImageStore images, InMemoryFaceRecordStore records, InMemoryAttemptLimiter attempts) {
    return InMemoryIdentityVerifier.builder().clock(clock).livenessSessionStore(sessions).livenessCheck(liveness)
        .faceIndex(index).imageStore(images).faceRecordStore(records).attemptLimiter(attempts).build();
  }

  @Test
  void auditImages_keptByPolicy_areStoredUnderTheUser_andForgottenWithThem() {
    InMemoryIdentityVerifier keeping = verifier(VerificationPolicy.highSecurity().toBuilder()
        .auditImageRetention(AuditImageRetention.KEEP_UNTIL_FORGOTTEN).auditImagesLimit(2).build());
    LivenessSessionId session = keeping.startLiveness(ALICE, Flow.REGISTER);
    keeping.livenessCheck().complete(session, FakeLivenessCheck.PASSING, alice.image(1), alice.image(2), alice.image(3));
    keeping.register(req -> req.userId(ALICE).livenessSession(session));

    assertThat(keeping.imageStore().list(ALICE)).hasSize(3); // the face's image and 2 audit images
    assertThat(keeping.imageStore().list(ALICE))
        .allSatisfy(image -> assertThat(image.uri().getPath()).contains(ImageKeys.userPrefix(ALICE)));
    assertThat(keeping.reconciler().scan().unrecordedImages()).isEmpty();

    keeping.forget(ALICE);

    assertThat(keeping.imageStore().list(ALICE)).isEmpty();
  }

  @Test
  void auditImages_byDefault_areNeitherAskedForNorKept() {
    LivenessSessionId session = idv.startLiveness(ALICE, Flow.REGISTER);
    idv.livenessCheck().complete(session, FakeLivenessCheck.PASSING, alice.image(1), alice.image(2));

    idv.register(req -> req.userId(ALICE).livenessSession(session));

    assertThat(idv.livenessCheck().calls("createSession").get(0).arguments()).containsExactly(0);
    assertThat(idv.imageStore().list(ALICE)).hasSize(1);
  }

  @Test
  void startLiveness_forIdentifyOrForget_throwsIllegalArgument() {
    assertThatThrownBy(() -> idv.startLiveness(ALICE, Flow.IDENTIFY)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aVerifierWithoutLivenessCheck_refusesLivenessRequestsWithAConfigurationException() {
    InMemoryIdentityVerifier wired = verifier(VerificationPolicy.highSecurity());
    IdentityVerifier noLiveness = IdentityVerifier.builder()
        .faceDetector(wired.faceDetector()).faceComparer(wired.faceComparer()).faceIndex(wired.faceIndex())
        .imageStore(wired.imageStore()).faceRecordStore(wired.faceRecordStore()).build();

    assertThatThrownBy(() -> noLiveness.startLiveness(ALICE, Flow.LOGIN))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("no liveness check");
    assertThatThrownBy(() -> noLiveness.login(req -> req.userId(ALICE)
            .livenessSession(LivenessSessionId.of("0b4f3c1e-0000-4000-8000-000000000001"))))
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void aRequest_withBothOrNeitherSelfieAndSession_isRefusedByItsBuilder() {
    assertThatThrownBy(() -> io.github.idvkit.LoginRequest.builder().userId(ALICE).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> io.github.idvkit.RegisterRequest.builder().userId(ALICE).selfie(alice.image(1))
            .livenessSession(LivenessSessionId.of("s-1")).build())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void login_whenTheProviderFailsReadingTheResult_throws_andTheSessionIsNotConsumed() {
    idv.register(req -> req.userId(ALICE).selfie(alice.image(1)));
    LivenessSessionId session = livePass(idv, ALICE, Flow.LOGIN, alice.image(2));
    idv.livenessCheck().faults().failNext("result", Fault.throttled());

    assertThatThrownBy(() -> idv.login(req -> req.userId(ALICE).livenessSession(session)))
        .isInstanceOf(ProviderException.class);
    assertThat(idv.login(req -> req.userId(ALICE).livenessSession(session)).decision())
        .isEqualTo(LoginDecision.VERIFIED);
  }

  @Test
  void register_retriedWithANewSessionAndTheSameRequestId_replaysTheFirstRegistration() {
    LivenessSessionId first = livePass(idv, ALICE, Flow.REGISTER, alice.image(1));
    RegisterResult registered = idv.register(req -> req.userId(ALICE).livenessSession(first).requestId("signup-1"));
    LivenessSessionId retry = livePass(idv, ALICE, Flow.REGISTER, alice.image(2));

    RegisterResult replay = idv.register(req -> req.userId(ALICE).livenessSession(retry).requestId("signup-1"));
    RegisterResult sameSessionAgain = idv.register(req -> req.userId(ALICE).livenessSession(first).requestId("signup-1"));

    assertThat(replay.decision()).isEqualTo(RegisterDecision.REGISTERED);
    assertThat(replay.replayed()).isTrue();
    assertThat(replay.faceId()).isEqualTo(registered.faceId());
    assertThat(sameSessionAgain.decision()).isEqualTo(RegisterDecision.LIVENESS_ALREADY_USED);
  }

  @Test
  void lifetime_isThePolicys() {
    assertThat(VerificationPolicy.highSecurity().livenessSessionLifetime()).isEqualTo(Duration.ofMinutes(3));
  }
}
