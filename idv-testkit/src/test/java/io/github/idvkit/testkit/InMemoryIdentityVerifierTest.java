package io.github.idvkit.testkit;

import static io.github.idvkit.testkit.IdvAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.ExecutionMode;
import io.github.idvkit.Flow;
import io.github.idvkit.IdentifyDecision;
import io.github.idvkit.LoginDecision;
import io.github.idvkit.ProviderException;
import io.github.idvkit.QualityIssue;
import io.github.idvkit.RegisterDecision;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.Similarity;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.VerificationPolicy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemoryIdentityVerifierTest {

  private static final TestSubject ALICE = TestFaces.subject("alice");
  private static final TestSubject BOB = TestFaces.subject("bob");

  private final InMemoryIdentityVerifier idv = InMemoryIdentityVerifier.create();

  @AfterEach
  void close() {
    idv.close();
  }

  private RegisterResult registerAlice() {
    return idv.register(req -> req.userId("alice@example.com").selfie(ALICE.image(1)));
  }

  @Test
  void register_thenLoginWithAnotherPhoto_isVerified() {
    assertThat(registerAlice()).isRegistered().hasNoQualityIssues().isNotReplayed();

    assertThat(idv.login(req -> req.userId("alice@example.com").selfie(ALICE.image(2))))
        .isVerified()
        .hasSimilarityAtLeast(Similarity.ofPercent(99.5));
  }

  @Test
  void login_lookalikeBelowThreshold_isNotVerified() {
    registerAlice();

    assertThat(idv.login(req -> req.userId("alice@example.com")
            .selfie(ALICE.lookalike("mallory", 0.97).image(1))))
        .isNotVerified()
        .hasSimilarityBelow(Similarity.ofPercent(99));
  }

  @Test
  void login_strangerClaimingAlice_isNotMatched() {
    registerAlice();
    idv.register(req -> req.userId("bob").selfie(BOB.image(1)));

    assertThat(idv.login(req -> req.userId("alice@example.com").selfie(BOB.image(2))))
        .hasDecision(LoginDecision.NOT_MATCHED);
  }

  @Test
  void register_darkSelfie_isLowQualityAndStoresNothing() {
    RegisterResult result = idv.register(req -> req.userId("alice").selfie(ALICE.dark().image(1)));

    assertThat(result).hasDecision(RegisterDecision.LOW_QUALITY).hasQualityIssue(QualityIssue.TOO_DARK);
    assertThat(idv.faceIndex().faces()).isEmpty();
    assertThat(idv.imageStore().images()).isEmpty();
    assertThat(idv.faceRecordStore().records()).isEmpty();
  }

  @Test
  void register_groupSelfie_isMultipleFaces() {
    assertThat(idv.register(req -> req.userId("alice").selfie(TestFaces.group("alice", "bob"))))
        .hasDecision(RegisterDecision.MULTIPLE_FACES);
  }

  @Test
  void register_idPhotoStoredInMemory_isComparedThroughImageStore() {
    StoredImage idPhoto =
        idv.imageStore().put(UserId.of("id-photos"), io.github.idvkit.FaceId.of("alice-id"), ALICE.image(9));

    assertThat(idv.register(req -> req.userId("alice").selfie(ALICE.image(1)).idPhoto(idPhoto)))
        .isRegistered()
        .hasIdSimilarityAtLeast(Similarity.ofPercent(99));
  }

  @Test
  void register_sameFaceForAnotherUser_isAlreadyRegistered() {
    registerAlice();

    assertThat(idv.register(req -> req.userId("alice-2").selfie(ALICE.image(3))))
        .isAlreadyRegisteredAs("alice@example.com");
  }

  @Test
  void forget_registeredUser_erasesFaceImageAndRecord() {
    registerAlice();

    assertThat(idv.forget(UserId.of("alice@example.com"))).deletedFaces(1).deletedImages(1).deletedRecords(1);
    assertThat(idv.forget(UserId.of("alice@example.com"))).deletedNothing();
    assertThat(idv.faceIndex().faces()).isEmpty();
  }

  @Test
  void identify_enabled_identifiesAliceAndNotAStranger() {
    try (InMemoryIdentityVerifier verifier =
        InMemoryIdentityVerifier.builder()
            .policy(VerificationPolicy.highSecurity().toBuilder().identificationEnabled(true).build())
            .execution(ExecutionMode.CONCURRENT)
            .build()) {
      verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)));

      assertThat(verifier.identify(req -> req.selfie(ALICE.image(2)))).isIdentifiedAs("alice");
      assertThat(verifier.identify(req -> req.selfie(BOB.image(1)))).isNotRecognized();
      assertThat(verifier.identify(req -> req.selfie(TestFaces.noFace())))
          .hasDecision(IdentifyDecision.NO_FACE);
    }
  }

  @Test
  void register_indexThrottled_surfacesRetryableFailureAndLeavesNothing() {
    idv.faceIndex().faults().failAlways("index", Fault.throttled());

    assertThatThrownBy(this::registerAlice)
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.retryable()).isTrue());
    assertThat(idv.faceIndex().faces()).isEmpty();
    assertThat(idv.imageStore().images()).isEmpty();
    assertThat(idv.faceRecordStore().records()).isEmpty();
  }

  @Test
  void register_indexFailsAfterSideEffect_compensatesAndLeavesNothing() {
    idv.faceIndex().faults().failNext("index", Fault.afterSideEffect(Fault.timeout()));

    assertThatThrownBy(this::registerAlice).isInstanceOf(ProviderException.class);

    assertThat(idv.faceIndex().faces()).isEmpty();
    assertThat(idv.imageStore().images()).isEmpty();
    assertThat(idv.faceRecordStore().records()).isEmpty();
    assertThat(registerAlice()).isRegistered();
  }

  @Test
  void decisions_afterFlows_areRecordedAndForwarded() {
    CopyOnWriteArrayList<Object> forwarded = new CopyOnWriteArrayList<>();
    Clock clock = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);
    try (InMemoryIdentityVerifier verifier =
        InMemoryIdentityVerifier.builder().clock(clock).decisionListener(forwarded::add).build()) {
      verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)));
      verifier.login(req -> req.userId("alice").selfie(ALICE.image(2)));

      assertThat(verifier.decisions()).extracting(e -> e.flow()).containsExactly(Flow.REGISTER, Flow.LOGIN);
      assertThat(verifier.decisions().get(1).decision()).isEqualTo("VERIFIED");
      assertThat(verifier.decisions().get(1).decidedAt()).isEqualTo(clock.instant());
      assertThat(forwarded).hasSize(2);
    }
  }

  @Test
  void builder_suppliedFakes_areUsed() {
    InMemoryFaceIndex index = InMemoryFaceIndex.builder().collectionId("custom").build();

    try (InMemoryIdentityVerifier verifier = InMemoryIdentityVerifier.builder().faceIndex(index).build()) {
      assertThat(verifier.faceIndex()).isSameAs(index);
      assertThat(verifier.fakes()).hasSize(5).contains(index);
      assertThat(verifier.toString()).contains("custom");
    }
  }
}
