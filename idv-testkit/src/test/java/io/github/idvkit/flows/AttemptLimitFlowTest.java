package io.github.idvkit.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.Flow;
import io.github.idvkit.LivenessConfidence;
import io.github.idvkit.LivenessSessionId;
import io.github.idvkit.LoginDecision;
import io.github.idvkit.LoginResult;
import io.github.idvkit.ProviderException;
import io.github.idvkit.RegisterDecision;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.UserId;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.testkit.InMemoryAttemptLimiter;
import io.github.idvkit.testkit.InMemoryFaceIndex;
import io.github.idvkit.testkit.InMemoryFaceRecordStore;
import io.github.idvkit.testkit.InMemoryIdentityVerifier;
import io.github.idvkit.testkit.InMemoryImageStore;
import io.github.idvkit.testkit.ScriptableFake;
import io.github.idvkit.testkit.TestFaces;
import io.github.idvkit.testkit.TestSubject;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Attempt limits: NIST SP 800-63B's consecutive-failure lock-out, before any billed call. */
class AttemptLimitFlowTest {

  private static final UserId ALICE = UserId.of("alice@example.com");
  private static final TestSubject alice = TestFaces.subject("alice");
  private static final TestSubject mallory = TestFaces.subject("mallory");

  private final TestClock clock = new TestClock(Instant.parse("2026-12-02T10:00:00Z"));
  private final InMemoryIdentityVerifier idv = verifier(InMemoryAttemptLimiter.create(), InMemoryFaceIndex.create(),
      InMemoryImageStore.create(), InMemoryFaceRecordStore.create());

  private InMemoryIdentityVerifier verifier(
      InMemoryAttemptLimiter attempts, InMemoryFaceIndex index, InMemoryImageStore images, InMemoryFaceRecordStore records) {
    index.createCollection();
    return InMemoryIdentityVerifier.builder().clock(clock).attemptLimiter(attempts)
        .faceIndex(index).imageStore(images).faceRecordStore(records).build();
  }

  private LoginResult strangerLogin(InMemoryIdentityVerifier verifier) {
    return verifier.login(req -> req.userId(ALICE).selfie(mallory.image(1)));
  }

  private static int billableCalls(InMemoryIdentityVerifier verifier) {
    return Stream.concat(verifier.fakes().stream(), Stream.<ScriptableFake>of(verifier.livenessCheck()))
        .mapToInt(fake -> fake.calls().size()).sum();
  }

  @Test
  void login_afterFiveFailures_isLockedOut_for30Seconds_andCallsNoProvider() {
    idv.register(req -> req.userId(ALICE).selfie(alice.image(1)));
    for (int i = 0; i < 5; i++) {
      assertThat(strangerLogin(idv).decision()).isEqualTo(LoginDecision.NOT_MATCHED);
    }
    int calls = billableCalls(idv);

    LoginResult locked = idv.login(req -> req.userId(ALICE).selfie(alice.image(2)));

    assertThat(locked.decision()).isEqualTo(LoginDecision.LOCKED_OUT);
    assertThat(locked.retryAfter()).contains(Duration.ofSeconds(30));
    assertThat(billableCalls(idv)).isEqualTo(calls);
  }

  @Test
  void lockout_grows_withEachFurtherFailure() {
    idv.register(req -> req.userId(ALICE).selfie(alice.image(1)));
    for (int i = 0; i < 5; i++) {
      strangerLogin(idv);
    }
    clock.advance(Duration.ofSeconds(30));

    assertThat(strangerLogin(idv).decision()).isEqualTo(LoginDecision.NOT_MATCHED);
    LoginResult second = strangerLogin(idv);

    assertThat(second.decision()).isEqualTo(LoginDecision.LOCKED_OUT);
    assertThat(second.retryAfter()).contains(Duration.ofSeconds(60));
  }

  @Test
  void aSuccess_resetsTheCount() {
    idv.register(req -> req.userId(ALICE).selfie(alice.image(1)));
    for (int i = 0; i < 4; i++) {
      strangerLogin(idv);
    }

    assertThat(idv.login(req -> req.userId(ALICE).selfie(alice.image(2))).verified()).isTrue();
    for (int i = 0; i < 4; i++) {
      strangerLogin(idv);
    }

    assertThat(idv.login(req -> req.userId(ALICE).selfie(alice.image(3))).verified()).isTrue();
  }

  @Test
  void anAttemptKey_isLockedOutSeparately_acrossUsers() {
    for (String name : new String[] {"a", "b", "c", "d", "e"}) {
      UserId user = UserId.of(name + "@example.com");
      idv.register(req -> req.userId(user).selfie(TestFaces.subject(name).image(1)));
      idv.login(req -> req.userId(user).selfie(mallory.image(1)).attemptKey("device-42"));
    }
    UserId fresh = UserId.of("f@example.com");
    idv.register(req -> req.userId(fresh).selfie(TestFaces.subject("f").image(1)));

    LoginResult fromDevice = idv.login(req -> req.userId(fresh).selfie(TestFaces.subject("f").image(2)).attemptKey("device-42"));
    LoginResult elsewhere = idv.login(req -> req.userId(fresh).selfie(TestFaces.subject("f").image(2)));

    assertThat(fromDevice.decision()).isEqualTo(LoginDecision.LOCKED_OUT);
    assertThat(elsewhere.decision()).isEqualTo(LoginDecision.VERIFIED);
  }

  @Test
  void withLiveness_theLimitIsTen() {
    idv.register(req -> req.userId(ALICE).selfie(alice.image(1)));
    for (int i = 0; i < 9; i++) {
      LivenessSessionId session = idv.startLiveness(ALICE, Flow.LOGIN);
      idv.livenessCheck().complete(session, LivenessConfidence.ofPercent(10), alice.image(1));
      assertThat(idv.login(req -> req.userId(ALICE).livenessSession(session)).decision())
          .isEqualTo(LoginDecision.LIVENESS_FAILED);
    }
    LivenessSessionId tenth = idv.startLiveness(ALICE, Flow.LOGIN);
    idv.livenessCheck().complete(tenth, LivenessConfidence.ofPercent(10), alice.image(1));
    idv.login(req -> req.userId(ALICE).livenessSession(tenth));
    int calls = billableCalls(idv);

    assertThatThrownBy(() -> idv.startLiveness(ALICE, Flow.LOGIN)).isInstanceOf(ProviderException.class);
    LoginResult withSelfie = idv.login(req -> req.userId(ALICE).selfie(alice.image(2)));

    assertThat(withSelfie.decision()).isEqualTo(LoginDecision.LOCKED_OUT);
    assertThat(billableCalls(idv)).isEqualTo(calls);
  }

  @Test
  void register_afterFiveIdMismatches_isLockedOut() {
    io.github.idvkit.FaceImage idPhoto = TestFaces.subject("someone-else").image(1);
    for (int i = 0; i < 5; i++) {
      RegisterResult r = idv.register(req -> req.userId(ALICE).selfie(mallory.image(1)).idPhoto(idPhoto));
      assertThat(r.decision()).isEqualTo(RegisterDecision.ID_NOT_MATCHED);
    }
    int calls = billableCalls(idv);

    RegisterResult locked = idv.register(req -> req.userId(ALICE).selfie(alice.image(1)));

    assertThat(locked.decision()).isEqualTo(RegisterDecision.LOCKED_OUT);
    assertThat(locked.retryAfter()).contains(Duration.ofSeconds(30));
    assertThat(billableCalls(idv)).isEqualTo(calls);
  }

  @Test
  void twoInstancesSharingTheLimiter_countTogether() {
    InMemoryAttemptLimiter shared = InMemoryAttemptLimiter.create();
    InMemoryFaceIndex index = InMemoryFaceIndex.create();
    InMemoryImageStore images = InMemoryImageStore.create();
    InMemoryFaceRecordStore records = InMemoryFaceRecordStore.create();
    InMemoryIdentityVerifier first = verifier(shared, index, images, records);
    InMemoryIdentityVerifier second = InMemoryIdentityVerifier.builder().clock(clock).attemptLimiter(shared)
        .faceIndex(index).imageStore(images).faceRecordStore(records).build();
    first.register(req -> req.userId(ALICE).selfie(alice.image(1)));
    for (int i = 0; i < 5; i++) {
      strangerLogin(i % 2 == 0 ? first : second);
    }

    assertThat(second.login(req -> req.userId(ALICE).selfie(alice.image(2))).decision())
        .isEqualTo(LoginDecision.LOCKED_OUT);
    assertThat(first.login(req -> req.userId(ALICE).selfie(alice.image(2))).decision())
        .isEqualTo(LoginDecision.LOCKED_OUT);
  }

  @Test
  void billedCallBudget_spent_refusesTheNextFlowBeforeAnyCall_untilTheNextMinute() {
    InMemoryAttemptLimiter attempts = InMemoryAttemptLimiter.create();
    InMemoryFaceIndex index = InMemoryFaceIndex.create();
    index.createCollection();
    InMemoryIdentityVerifier budgeted = InMemoryIdentityVerifier.builder().clock(clock).attemptLimiter(attempts)
        .faceIndex(index)
        .policy(VerificationPolicy.highSecurity().toBuilder().billedCallsPerMinute(2).build()).build();
    // index and the duplicate search: 2 (the gate is read from the index's own report)
    budgeted.register(req -> req.userId(ALICE).selfie(alice.image(1)));
    int calls = billableCalls(budgeted);

    assertThatThrownBy(() -> budgeted.login(req -> req.userId(ALICE).selfie(alice.image(2))))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.kind()).isEqualTo(ProviderException.Kind.THROTTLED);
          assertThat(e.retryable()).isTrue();
        });
    assertThat(billableCalls(budgeted)).isEqualTo(calls);

    clock.advance(Duration.ofMinutes(1));
    assertThat(budgeted.login(req -> req.userId(ALICE).selfie(alice.image(2))).verified()).isTrue();
  }

  /** The budget's wrapper forwards the index's default methods: on a user-level index a face gets associated. */
  @Test
  void billedCallBudget_onAUserLevelIndex_associatesTheFace() {
    InMemoryFaceIndex userLevel = InMemoryFaceIndex.builder().userLevelSearch(true).build();
    userLevel.createCollection();
    InMemoryIdentityVerifier budgeted = InMemoryIdentityVerifier.builder().clock(clock)
        .attemptLimiter(InMemoryAttemptLimiter.create()).faceIndex(userLevel)
        .policy(VerificationPolicy.standard().toBuilder().billedCallsPerMinute(100).build()).build();
    budgeted.register(req -> req.userId(ALICE).selfie(alice.image(1)));

    assertThat(budgeted.login(req -> req.userId(ALICE).selfie(alice.image(2))).decision())
        .isEqualTo(LoginDecision.VERIFIED);
    assertThat(userLevel.calls("associate")).hasSize(1);
  }

  /** Adding a face is held against the account like a login: strangers' faces lock it out. */
  @Test
  void addFace_afterFiveStrangersFaces_isLockedOut_andCallsNoProvider() {
    idv.register(req -> req.userId(ALICE).selfie(alice.image(1)));
    TestSubject mallory = TestFaces.subject("mallory");
    for (int i = 1; i <= 5; i++) {
      int n = i;
      assertThat(idv.register(req -> req.userId(ALICE).selfie(mallory.image(n)).addFace(true)).decision())
          .isEqualTo(RegisterDecision.USER_NOT_MATCHED);
    }
    int calls = billableCalls(idv);

    RegisterResult locked = idv.register(req -> req.userId(ALICE).selfie(mallory.image(6)).addFace(true));

    assertThat(locked.decision()).isEqualTo(RegisterDecision.LOCKED_OUT);
    assertThat(billableCalls(idv)).isEqualTo(calls);
  }

  @Test
  void billedCallBudget_countsEachLivenessSessionStarted() {
    InMemoryIdentityVerifier budgeted = InMemoryIdentityVerifier.builder().clock(clock)
        .policy(VerificationPolicy.highSecurity().toBuilder().billedCallsPerMinute(1).build()).build();
    budgeted.faceIndex().createCollection();
    budgeted.startLiveness(ALICE, Flow.REGISTER);

    assertThatThrownBy(() -> budgeted.startLiveness(ALICE, Flow.REGISTER)).isInstanceOf(ProviderException.class);
    assertThat(budgeted.livenessCheck().calls("createSession")).hasSize(1);
  }

  @Test
  void billedCallBudget_withoutAnAttemptLimiter_isRefusedAtBuild() {
    InMemoryIdentityVerifier wired = InMemoryIdentityVerifier.create();
    io.github.idvkit.IdentityVerifier.Builder builder = io.github.idvkit.IdentityVerifier.builder()
        .faceDetector(wired.faceDetector()).faceComparer(wired.faceComparer()).faceIndex(wired.faceIndex())
        .imageStore(wired.imageStore()).faceRecordStore(wired.faceRecordStore())
        .policy(VerificationPolicy.highSecurity().toBuilder().billedCallsPerMinute(10).build());

    assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void inMemoryVerifier_withAttemptLimitsOff_neverLocksOut() {
    InMemoryIdentityVerifier unlimited = InMemoryIdentityVerifier.builder().clock(clock).attemptLimits(false).build();
    unlimited.faceIndex().createCollection();
    unlimited.register(req -> req.userId(ALICE).selfie(alice.image(1)));
    for (int i = 0; i < 6; i++) {
      strangerLogin(unlimited);
    }

    assertThat(strangerLogin(unlimited).decision()).isEqualTo(LoginDecision.NOT_MATCHED);
    assertThat(unlimited.attemptLimiter().calls()).isEmpty();
  }

  @Test
  void policy_lockoutAfter_followsNist() {
    VerificationPolicy policy = VerificationPolicy.highSecurity();

    assertThat(policy.lockoutAfter(4, false)).isZero();
    assertThat(policy.lockoutAfter(5, false)).isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.lockoutAfter(6, false)).isEqualTo(Duration.ofSeconds(60));
    assertThat(policy.lockoutAfter(9, true)).isZero();
    assertThat(policy.lockoutAfter(10, true)).isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.lockoutAfter(100, false)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void policy_beyondNistsLimits_isRefused() {
    assertThatThrownBy(() -> VerificationPolicy.highSecurity().toBuilder().maxConsecutiveFailures(6).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VerificationPolicy.highSecurity().toBuilder().lockoutDelay(Duration.ofSeconds(5)).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VerificationPolicy.highSecurity().toBuilder()
            .livenessThreshold(LivenessConfidence.ofPercent(40)).build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
