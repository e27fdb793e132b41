package io.github.idvkit.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.ExecutionMode;
import io.github.idvkit.FaceId;
import io.github.idvkit.FaceImage;
import io.github.idvkit.InvalidImageException;
import io.github.idvkit.QualityIssue;
import io.github.idvkit.RegisterDecision;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.Similarity;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.spi.FaceRecord;
import io.github.idvkit.testkit.InMemoryFaceIndex;
import io.github.idvkit.testkit.TestFaces;
import io.github.idvkit.testkit.TestSubject;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class RegisterFlowTest {

  private static final TestSubject ALICE = TestFaces.subject("alice");
  private static final TestSubject BOB = TestFaces.subject("bob");

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void register_selfieMatchingIdPhoto_indexesStoresAndRecords(ExecutionMode mode) {
    try (Rig rig = new Rig(mode)) {

      RegisterResult result =
          rig.verifier.register(req -> req.userId("alice@example.com").selfie(ALICE.image(1)).idPhoto(ALICE.image(2)));

      assertThat(result.decision()).isEqualTo(RegisterDecision.REGISTERED);
      assertThat(result.registered()).isTrue();
      assertThat(result.replayed()).isFalse();
      assertThat(result.idSimilarity()).hasValueSatisfying(s -> assertThat(s.ratio()).isGreaterThanOrEqualTo(0.99));
      FaceId faceId = result.faceId().orElseThrow();
      UserId alice = UserId.of("alice@example.com");
      assertThat(rig.index.listFaces(alice)).singleElement().satisfies(f -> assertThat(f.faceId()).isEqualTo(faceId));
      assertThat(rig.images.get(result.image().orElseThrow())).isPresent();
      FaceRecord record = rig.records.findByFace(faceId).orElseThrow();
      assertThat(record.userId()).isEqualTo(alice);
      assertThat(record.image()).isEqualTo(result.image().orElseThrow());
      assertThat(record.requestId()).isEqualTo(result.requestId());
      assertThat(record.createdAt()).isEqualTo(Rig.CLOCK.instant());
      assertThat(record.modelVersion()).isPresent();
      rig.assertNoOrphans();
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void register_withoutIdPhoto_skipsTheComparison(ExecutionMode mode) {
    try (Rig rig = new Rig(mode)) {

      RegisterResult result = rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)));

      assertThat(result.decision()).isEqualTo(RegisterDecision.REGISTERED);
      assertThat(result.idSimilarity()).isEmpty();
      assertThat(rig.comparer.calls()).isEmpty();
    }
  }

  static Stream<Arguments> badSelfies() {
    return Stream.of(
        Arguments.of(TestFaces.noFace(), RegisterDecision.NO_FACE, QualityIssue.NO_FACE),
        Arguments.of(TestFaces.group("alice", "bob"), RegisterDecision.MULTIPLE_FACES, QualityIssue.MULTIPLE_FACES),
        Arguments.of(ALICE.withSunglasses().image(1), RegisterDecision.LOW_QUALITY, QualityIssue.SUNGLASSES),
        Arguments.of(ALICE.dark().image(1), RegisterDecision.LOW_QUALITY, QualityIssue.TOO_DARK),
        Arguments.of(ALICE.overexposed().image(1), RegisterDecision.LOW_QUALITY, QualityIssue.TOO_BRIGHT),
        Arguments.of(ALICE.blurred().image(1), RegisterDecision.LOW_QUALITY, QualityIssue.BLURRY),
        Arguments.of(ALICE.eyesClosed().image(1), RegisterDecision.LOW_QUALITY, QualityIssue.EYES_CLOSED),
        Arguments.of(ALICE.small().image(1), RegisterDecision.LOW_QUALITY, QualityIssue.FACE_TOO_SMALL),
        Arguments.of(ALICE.occluded().image(1), RegisterDecision.LOW_QUALITY, QualityIssue.OCCLUDED),
        Arguments.of(ALICE.turned().image(1), RegisterDecision.LOW_QUALITY, QualityIssue.POSE));
  }

  @ParameterizedTest
  @MethodSource("badSelfies")
  void register_selfieFailingTheGate_storesNothingAndSaysWhy(
      FaceImage selfie, RegisterDecision decision, QualityIssue issue) {
    for (ExecutionMode mode : ExecutionMode.values()) {
      try (Rig rig = new Rig(mode)) {

        RegisterResult result = rig.verifier.register(req -> req.userId("alice").selfie(selfie).idPhoto(ALICE.image(2)));

        assertThat(result.decision()).as(mode.name()).isEqualTo(decision);
        assertThat(result.qualityIssues()).as(mode.name()).contains(issue);
        assertThat(result.faceId()).isEmpty();
        rig.assertEmpty();
      }
    }
  }

  @Test
  void register_sequentialWithNoFace_makesOneProviderCall() {
    try (Rig rig = new Rig(ExecutionMode.SEQUENTIAL)) {

      RegisterResult result =
          rig.verifier.register(req -> req.userId("alice").selfie(TestFaces.noFace()).idPhoto(ALICE.image(2)));

      // The index reports every face with every fact the gate checks: it gates, no detector runs.
      assertThat(result.decision()).isEqualTo(RegisterDecision.NO_FACE);
      assertThat(rig.detector.calls()).isEmpty();
      assertThat(rig.index.calls("index")).hasSize(1);
      assertThat(rig.comparer.calls()).isEmpty();
      assertThat(rig.index.calls("searchFaces")).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void register_onAnIndexReportingFaces_makesNoDetectionCall(ExecutionMode mode) {
    try (Rig rig = new Rig(mode)) {

      RegisterResult result = rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)).idPhoto(ALICE.image(2)));

      assertThat(result.decision()).isEqualTo(RegisterDecision.REGISTERED);
      assertThat(rig.detector.calls()).isEmpty();
      assertThat(rig.index.calls("index")).hasSize(1);
      assertThat(rig.index.calls("searchFaces")).hasSize(1);
      assertThat(rig.comparer.calls()).hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void register_refusedByTheGateAfterIndexing_removesTheFace(ExecutionMode mode) {
    try (Rig rig = new Rig(mode)) {

      RegisterResult result =
          rig.verifier.register(req -> req.userId("alice").selfie(ALICE.dark().image(1)).idPhoto(ALICE.image(2)));

      assertThat(result.decision()).isEqualTo(RegisterDecision.LOW_QUALITY);
      assertThat(result.qualityIssues()).contains(QualityIssue.TOO_DARK);
      assertThat(rig.index.calls("index")).hasSize(1);
      rig.assertEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void register_idNotMatchedAfterIndexing_removesTheFace(ExecutionMode mode) {
    try (Rig rig = new Rig(mode)) {

      RegisterResult result =
          rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)).idPhoto(BOB.image(2)));

      assertThat(result.decision()).isEqualTo(RegisterDecision.ID_NOT_MATCHED);
      rig.assertEmpty();
    }
  }

  @Test
  void register_sequentialWithNoFaceOnAnIndexReportingNoFaces_detectsFirstAndIndexesNothing() {
    InMemoryFaceIndex index = InMemoryFaceIndex.builder().indexReports(Set.of()).build();
    try (Rig rig = Rig.withIndex(ExecutionMode.SEQUENTIAL, VerificationPolicy.highSecurity(), index)) {

      RegisterResult result =
          rig.verifier.register(req -> req.userId("alice").selfie(TestFaces.noFace()).idPhoto(ALICE.image(2)));

      assertThat(result.decision()).isEqualTo(RegisterDecision.NO_FACE);
      assertThat(rig.detector.calls()).hasSize(1);
      assertThat(rig.index.calls("index")).isEmpty();
      assertThat(rig.comparer.calls()).isEmpty();
    }
  }


  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void register_idPhotoOfSomeoneElse_isNotMatched(ExecutionMode mode) {
    try (Rig rig = new Rig(mode)) {

      RegisterResult result = rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)).idPhoto(BOB.image(1)));

      assertThat(result.decision()).isEqualTo(RegisterDecision.ID_NOT_MATCHED);
      assertThat(result.idSimilarity()).hasValueSatisfying(s -> assertThat(s.ratio()).isLessThan(0.99));
      rig.assertEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void register_idPhotoWithTwoFaces_isRefusedWithItsOwnDecision(ExecutionMode mode) {
    try (Rig rig = new Rig(mode)) {

      RegisterResult result =
          rig.verifier.register(req -> req.userId("grace").selfie(BOB.image(1)).idPhoto(TestFaces.group(ALICE, BOB)));

      assertThat(result.decision()).isEqualTo(RegisterDecision.ID_PHOTO_MULTIPLE_FACES);
      assertThat(rig.index.faces()).isEmpty();
      rig.assertNoOrphans();
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void register_idPhotoWithoutFace_saysSo(ExecutionMode mode) {
    try (Rig rig = new Rig(mode)) {

      RegisterResult result =
          rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)).idPhoto(TestFaces.noFace()));

      assertThat(result.decision()).isEqualTo(RegisterDecision.ID_PHOTO_NO_FACE);
      rig.assertEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void register_idPhotoInStorage_isComparedByReference(ExecutionMode mode) {
    try (Rig rig = new Rig(mode)) {
      StoredImage idPhoto = rig.images.put(UserId.of("carol"), FaceId.of("id-card"), ALICE.image(3));

      RegisterResult result = rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)).idPhoto(idPhoto));

      assertThat(result.decision()).isEqualTo(RegisterDecision.REGISTERED);
      rig.images.delete(idPhoto);
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void register_faceOfARegisteredUser_isRefusedNamingThatUser(ExecutionMode mode) {
    try (Rig rig = new Rig(mode)) {
      rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)));

      RegisterResult result = rig.verifier.register(req -> req.userId("mallory").selfie(ALICE.image(2)));

      assertThat(result.decision()).isEqualTo(RegisterDecision.FACE_ALREADY_REGISTERED);
      assertThat(result.existingUser()).contains(UserId.of("alice"));
      assertThat(result.duplicateSimilarity()).hasValueSatisfying(s -> assertThat(s.ratio()).isGreaterThanOrEqualTo(0.99));
      assertThat(rig.index.listFaces(UserId.of("mallory"))).isEmpty();
      rig.assertNoOrphans();
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void register_lookalikeBelowTheReviewBand_registers(ExecutionMode mode) {
    try (Rig rig = new Rig(mode)) {
      rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)));

      RegisterResult result =
          rig.verifier.register(req -> req.userId("mallory").selfie(ALICE.lookalike("mallory", 0.75).image(1)));

      assertThat(result.decision()).isEqualTo(RegisterDecision.REGISTERED);
      assertThat(result.duplicateSimilarity()).contains(Similarity.ofRatio(0.75));
    }
  }

  /** Below the duplicate threshold but in the review band (80 % in the presets): held for a person, nothing stored. */
  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void register_lookalikeInTheReviewBand_isSuspected_andStoresNothing(ExecutionMode mode) {
    try (Rig rig = new Rig(mode)) {
      rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)));

      RegisterResult result =
          rig.verifier.register(req -> req.userId("mallory").selfie(ALICE.lookalike("mallory", 0.97).image(1)));

      assertThat(result.decision()).isEqualTo(RegisterDecision.DUPLICATE_SUSPECTED);
      assertThat(result.existingUser()).contains(UserId.of("alice"));
      assertThat(result.duplicateSimilarity()).contains(Similarity.ofRatio(0.97));
      assertThat(rig.index.listFaces(UserId.of("mallory"))).isEmpty();
      assertThat(rig.images.list(UserId.of("mallory"))).isEmpty();
      assertThat(rig.records.findByUser(UserId.of("mallory"))).isEmpty();
      rig.assertNoOrphans();
    }
  }

  /** A person compared the two and found them different people: the suspicion no longer stops it. */
  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void register_suspectClearedByAPerson_registers(ExecutionMode mode) {
    try (Rig rig = new Rig(mode)) {
      rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)));
      TestSubject mallory = ALICE.lookalike("mallory", 0.97);

      RegisterResult result = rig.verifier.register(
          req -> req.userId("mallory").selfie(mallory.image(1)).addClearedDuplicates(UserId.of("alice")));

      assertThat(result.decision()).isEqualTo(RegisterDecision.REGISTERED);
      assertThat(result.duplicateSimilarity()).contains(Similarity.ofRatio(0.97));
      assertThat(rig.verifier.login(req -> req.userId("mallory").selfie(mallory.image(2))).verified()).isTrue();
      rig.assertNoOrphans();
    }
  }

  /** Clearing a user lifts only the review band: a match at the duplicate threshold still refuses. */
  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void register_clearedUserAboveTheDuplicateThreshold_isStillRefused(ExecutionMode mode) {
    try (Rig rig = new Rig(mode)) {
      rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)));

      RegisterResult result = rig.verifier.register(req -> req.userId("mallory")
          .selfie(ALICE.lookalike("mallory", 0.995).image(1)).addClearedDuplicates(UserId.of("alice")));

      assertThat(result.decision()).isEqualTo(RegisterDecision.FACE_ALREADY_REGISTERED);
      assertThat(result.existingUser()).contains(UserId.of("alice"));
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void register_withoutAReviewBand_registersALookalikeBelowTheDuplicateThreshold(ExecutionMode mode) {
    VerificationPolicy noBand = VerificationPolicy.highSecurity().toBuilder()
        .duplicateReviewThreshold(java.util.Optional.empty()).build();
    try (Rig rig = new Rig(mode, noBand)) {
      rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)));

      RegisterResult result =
          rig.verifier.register(req -> req.userId("mallory").selfie(ALICE.lookalike("mallory", 0.97).image(1)));

      assertThat(result.decision()).isEqualTo(RegisterDecision.REGISTERED);
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void register_lookalikeAboveDuplicateThreshold_isRefused(ExecutionMode mode) {
    try (Rig rig = new Rig(mode)) {
      rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)));

      RegisterResult result =
          rig.verifier.register(req -> req.userId("mallory").selfie(ALICE.lookalike("mallory", 0.995).image(1)));

      assertThat(result.decision()).isEqualTo(RegisterDecision.FACE_ALREADY_REGISTERED);
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void register_repeatedRequest_isIdempotent(ExecutionMode mode) {
    try (Rig rig = new Rig(mode)) {
      RegisterResult first = rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)).idPhoto(ALICE.image(2)));

      RegisterResult again = rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)).idPhoto(ALICE.image(2)));

      assertThat(again.decision()).isEqualTo(RegisterDecision.REGISTERED);
      assertThat(again.replayed()).isTrue();
      assertThat(again.faceId()).isEqualTo(first.faceId());
      assertThat(again.image()).isEqualTo(first.image());
      assertThat(rig.index.faces()).hasSize(1);
      assertThat(rig.records.findByUser(UserId.of("alice"))).hasSize(1);
    }
  }

  @Test
  void register_repeatedRequestId_replaysWithoutCallingTheFaceProviders() {
    try (Rig rig = new Rig(ExecutionMode.SEQUENTIAL)) {
      UnaryOperator<io.github.idvkit.RegisterRequest.Builder> request =
          req -> req.userId("alice").selfie(ALICE.image(1)).requestId("signup-123");
      rig.verifier.register(req -> request.apply(req));
      int detections = rig.detector.calls().size();

      RegisterResult again = rig.verifier.register(req -> request.apply(req));

      assertThat(again.replayed()).isTrue();
      assertThat(again.requestId()).isEqualTo("signup-123");
      assertThat(rig.detector.calls()).hasSize(detections);
    }
  }

  @Test
  void register_sameUserNewSelfie_isAlreadyRegisteredAsThemselves() {
    try (Rig rig = new Rig(ExecutionMode.SEQUENTIAL)) {
      rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)));

      RegisterResult result = rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(2)));

      assertThat(result.decision()).isEqualTo(RegisterDecision.USER_ALREADY_REGISTERED);
      assertThat(result.existingUser()).contains(UserId.of("alice"));
      assertThat(rig.index.faces()).hasSize(1);
    }
  }

  @Test
  void register_notAnImage_throwsBeforeAnyProviderCall() {
    try (Rig rig = new Rig(ExecutionMode.CONCURRENT)) {

      assertThatThrownBy(
              () -> rig.verifier.register(req -> req.userId("alice").selfie(FaceImage.fromBytes("GIF89a-nope".getBytes()))))
          .isInstanceOf(InvalidImageException.class)
          .satisfies(e -> assertThat(((InvalidImageException) e).retryable()).isFalse());
      assertThat(rig.providerCalls()).isZero();
    }
  }

  @Test
  void register_badIdPhoto_throwsBeforeAnyProviderCall() {
    try (Rig rig = new Rig(ExecutionMode.SEQUENTIAL)) {
      FaceImage tiny = tinyPng();

      assertThatThrownBy(() -> rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)).idPhoto(tiny)))
          .isInstanceOf(InvalidImageException.class);
      assertThat(rig.providerCalls()).isZero();
    }
  }

  static FaceImage tinyPng() {
    try {
      java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB);
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      javax.imageio.ImageIO.write(image, "png", out);
      return FaceImage.fromBytes(out.toByteArray());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void register_replaceExisting_swapsTheFaceAndTheOldOneNoLongerLogsIn(ExecutionMode mode) {
    try (Rig rig = new Rig(mode)) {
      rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)));
      TestSubject older = ALICE.lookalike("alice-older", 0.5);

      RegisterResult replaced =
          rig.verifier.register(req -> req.userId("alice").selfie(older.image(1)).replaceExisting(true));

      assertThat(replaced.decision()).isEqualTo(RegisterDecision.REGISTERED);
      assertThat(rig.index.faces()).extracting(face -> face.faceId()).containsExactly(replaced.faceId().orElseThrow());
      assertThat(rig.verifier.login(req -> req.userId("alice").selfie(older.image(2))).verified()).isTrue();
      assertThat(rig.verifier.login(req -> req.userId("alice").selfie(ALICE.image(2))).verified()).isFalse();
      rig.assertNoOrphans();
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void register_replacementThatFails_leavesTheOldFaceWorking(ExecutionMode mode) {
    try (Rig rig = new Rig(mode)) {
      rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)));
      rig.images.faults().failNext("put", io.github.idvkit.testkit.Fault.serverError());

      org.assertj.core.api.Assertions.assertThatThrownBy(() -> rig.verifier.register(
              req -> req.userId("alice").selfie(ALICE.lookalike("alice-older", 0.5).image(1)).replaceExisting(true)))
          .isInstanceOf(io.github.idvkit.ProviderException.class);

      assertThat(rig.verifier.login(req -> req.userId("alice").selfie(ALICE.image(2))).verified()).isTrue();
      assertThat(rig.index.faces()).hasSize(1);
      rig.assertNoOrphans();
    }
  }

  // ------------------------------------------- an index with users apart from faces (Users API)

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void register_onAUserLevelIndex_preparesTheUserOnce_andAssociatesTheFace(ExecutionMode mode) {
    try (Rig rig = Rig.withUserLevelSearch(mode, VerificationPolicy.highSecurity())) {

      RegisterResult result =
          rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)).idPhoto(ALICE.image(2)));

      assertThat(result.decision()).isEqualTo(RegisterDecision.REGISTERED);
      assertThat(rig.index.calls("prepare")).hasSize(1);
      assertThat(rig.index.calls("associate")).hasSize(1);
      assertThat(rig.index.calls("release")).isEmpty();
      assertThat(rig.index.users()).containsExactly(UserId.of("alice"));
      assertThat(rig.verifier.login(req -> req.userId("alice").selfie(ALICE.image(3))).verified()).isTrue();
      rig.assertNoOrphans();
    }
  }

  static Stream<Arguments> refusalsAfterPreparing() {
    return Stream.of(ExecutionMode.values()).flatMap(mode -> Stream.of(
        Arguments.of(mode, RegisterDecision.ID_NOT_MATCHED,
            (UnaryOperator<io.github.idvkit.RegisterRequest.Builder>) req -> req.selfie(ALICE.image(1)).idPhoto(BOB.image(2))),
        Arguments.of(mode, RegisterDecision.LOW_QUALITY,
            (UnaryOperator<io.github.idvkit.RegisterRequest.Builder>) req -> req.selfie(ALICE.dark().image(1))),
        Arguments.of(mode, RegisterDecision.NO_FACE,
            (UnaryOperator<io.github.idvkit.RegisterRequest.Builder>) req -> req.selfie(TestFaces.noFace())),
        Arguments.of(mode, RegisterDecision.FACE_ALREADY_REGISTERED,
            (UnaryOperator<io.github.idvkit.RegisterRequest.Builder>) req -> req.selfie(BOB.image(3)))));
  }

  /** A registration that does not commit leaves no empty user behind (its id can be an e-mail address). */
  @ParameterizedTest
  @MethodSource("refusalsAfterPreparing")
  void register_refusedOnAUserLevelIndex_leavesNoUserBehind(
      ExecutionMode mode, RegisterDecision expected, UnaryOperator<io.github.idvkit.RegisterRequest.Builder> request) {
    try (Rig rig = Rig.withUserLevelSearch(mode, VerificationPolicy.highSecurity())) {
      rig.verifier.register(req -> req.userId("bob").selfie(BOB.image(1)));

      RegisterResult result = rig.verifier.register(req -> request.apply(req.userId("alice@example.com")));

      assertThat(result.decision()).isEqualTo(expected);
      assertThat(rig.index.users()).containsExactly(UserId.of("bob"));
      rig.assertNoOrphans();
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void register_failingOnAUserLevelIndex_leavesNoUserBehind(ExecutionMode mode) {
    try (Rig rig = Rig.withUserLevelSearch(mode, VerificationPolicy.highSecurity())) {
      rig.images.faults().failNext("put", io.github.idvkit.testkit.Fault.serverError());

      assertThatThrownBy(() -> rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1))))
          .isInstanceOf(io.github.idvkit.ProviderException.class);

      assertThat(rig.index.users()).isEmpty();
      rig.assertEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void register_replacementRefusedOnAUserLevelIndex_keepsTheUserAndItsFace(ExecutionMode mode) {
    try (Rig rig = Rig.withUserLevelSearch(mode, VerificationPolicy.highSecurity())) {
      rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)));

      RegisterResult refused = rig.verifier.register(
          req -> req.userId("alice").selfie(ALICE.image(2)).idPhoto(BOB.image(1)).replaceExisting(true));

      assertThat(refused.decision()).isEqualTo(RegisterDecision.ID_NOT_MATCHED);
      assertThat(rig.index.users()).containsExactly(UserId.of("alice"));
      assertThat(rig.verifier.login(req -> req.userId("alice").selfie(ALICE.image(3))).verified()).isTrue();
      rig.assertNoOrphans();
    }
  }

  @Test
  void register_whosePreparationFails_stillAssociatesTheFace() {
    try (Rig rig = Rig.withUserLevelSearch(ExecutionMode.CONCURRENT, VerificationPolicy.highSecurity())) {
      rig.index.faults().failNext("prepare", io.github.idvkit.testkit.Fault.throttled());

      RegisterResult result = rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)));

      assertThat(result.decision()).isEqualTo(RegisterDecision.REGISTERED);
      assertThat(rig.verifier.login(req -> req.userId("alice").selfie(ALICE.image(2))).verified()).isTrue();
      rig.assertNoOrphans();
    }
  }

  // ------------------------------------------------------------------ several faces per user

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void register_addFaceOfTheSamePerson_keepsBothFaces_andEitherLogsIn(ExecutionMode mode) {
    try (Rig rig = Rig.withUserLevelSearch(mode, VerificationPolicy.highSecurity())) {
      RegisterResult first = rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)));

      RegisterResult added = rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(2)).addFace(true));

      assertThat(added.decision()).isEqualTo(RegisterDecision.REGISTERED);
      assertThat(added.faceId()).isPresent().isNotEqualTo(first.faceId());
      assertThat(rig.records.findByUser(UserId.of("alice"))).extracting(FaceRecord::faceId)
          .containsExactlyInAnyOrder(first.faceId().orElseThrow(), added.faceId().orElseThrow());
      assertThat(rig.index.listFaces(UserId.of("alice"))).hasSize(2);
      assertThat(rig.verifier.login(req -> req.userId("alice").selfie(ALICE.image(3))).verified()).isTrue();
      assertThat(rig.comparer.calls("compare")).hasSize(1); // the added selfie against alice's face
      rig.assertNoOrphans();
    }
  }

  @ParameterizedTest
  @EnumSource(ExecutionMode.class)
  void register_addFaceOfSomeoneElse_isNotMatched_andLeavesTheUserAsTheyWere(ExecutionMode mode) {
    try (Rig rig = Rig.withUserLevelSearch(mode, VerificationPolicy.highSecurity())) {
      RegisterResult first = rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)));

      RegisterResult added = rig.verifier.register(req -> req.userId("alice").selfie(BOB.image(1)).addFace(true));

      assertThat(added.decision()).isEqualTo(RegisterDecision.USER_NOT_MATCHED);
      assertThat(rig.records.findByUser(UserId.of("alice"))).extracting(FaceRecord::faceId)
          .containsExactly(first.faceId().orElseThrow());
      assertThat(rig.index.faces()).hasSize(1);
      assertThat(rig.index.users()).containsExactly(UserId.of("alice"));
      assertThat(rig.verifier.login(req -> req.userId("alice").selfie(BOB.image(2))).verified()).isFalse();
      assertThat(rig.verifier.login(req -> req.userId("alice").selfie(ALICE.image(2))).verified()).isTrue();
      rig.assertNoOrphans();
    }
  }

  @Test
  void register_addFaceForAnUnregisteredUser_isAFirstRegistration() {
    try (Rig rig = new Rig(ExecutionMode.CONCURRENT)) {

      RegisterResult result = rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)).addFace(true));

      assertThat(result.decision()).isEqualTo(RegisterDecision.REGISTERED);
      assertThat(rig.comparer.calls("compare")).isEmpty();
    }
  }

  @Test
  void request_addingAndReplacingAtOnce_isRefused() {
    assertThatThrownBy(() -> io.github.idvkit.RegisterRequest.builder().userId(UserId.of("alice"))
            .selfie(ALICE.image(1)).addFace(true).replaceExisting(true).build())
        .isInstanceOf(IllegalStateException.class);
  }
}
