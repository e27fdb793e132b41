package io.github.idvkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.github.idvkit.ConfigurationException;
import io.github.idvkit.FaceId;
import io.github.idvkit.FaceImage;
import io.github.idvkit.InvalidImageException;
import io.github.idvkit.ProviderException;
import io.github.idvkit.QualityIssue;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.Comparison;
import io.github.idvkit.spi.IndexResult;
import io.github.idvkit.spi.IndexedFace;
import io.github.idvkit.spi.SearchResult;
import io.github.idvkit.testkit.TestFaces;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.QualityFilter;
import tools.jackson.databind.JsonNode;

/**
 * What the Rekognition ports put on the wire (thresholds, MaxFaces, QualityFilter, ids), how they
 * follow pages and batches, and how throttling, outages and refusals come back, all with the real
 * client against the local endpoint. After each test the endpoint must not have rejected any
 * request as breaking the API's constraints.
 */
class RekognitionRequestTest {

  private static RekognitionEndpoint endpoint;
  private static RekognitionClient client;
  private String collectionId;
  private RekognitionFaceIndex index;

  private final UserId alice = UserId.of("Alice Smith <alice@example.com>");
  private final UserId bob = UserId.of("bob@example.com");

  @BeforeAll
  static void startEndpoint() {
    endpoint = RekognitionEndpoint.start();
    client = endpoint.client();
  }

  @AfterAll
  static void stopEndpoint() {
    client.close();
    endpoint.close();
  }

  @BeforeEach
  void createCollection() {
    collectionId = "requests-" + UUID.randomUUID();
    index = indexBuilder().build();
    index.createCollection();
    endpoint.resetCalls();
  }

  @AfterEach
  void noRequestBrokeTheApi() {
    assertThat(endpoint.rejections()).as("requests the endpoint refused as invalid").isEmpty();
    index.deleteCollection();
  }

  private RekognitionFaceIndex.Builder indexBuilder() {
    return RekognitionFaceIndex.builder().rekognitionClient(client).collectionId(collectionId);
  }

  /** Indexes and associates, as a registration does. */
  private FaceId indexed(RekognitionFaceIndex target, UserId user, FaceImage image) {
    FaceId faceId = target.index(user, image).indexed().orElseThrow().faceId();
    target.associate(user, faceId);
    return faceId;
  }

  // ---------------------------------------------------------------- request shapes

  @Test
  void index_sendsMaxFacesOneQualityFilterNoneTheGatesAttributesAndProviderSafeIds_associateCreatesTheUser() {
    FaceImage selfie = TestFaces.subject("alice").image(1);

    FaceId face = index.index(alice, selfie).indexed().orElseThrow().faceId();
    assertThat(endpoint.calls("CreateUser")).as("index() alone associates nothing").isZero();
    index.associate(alice, face);

    JsonNode request = endpoint.lastRequest("IndexFaces");
    assertThat(request.path("MaxFaces").asInt()).isEqualTo(1);
    assertThat(request.path("QualityFilter").asString()).isEqualTo("NONE");
    assertThat(request.path("DetectionAttributes")).extracting(JsonNode::asString)
        .containsExactly("DEFAULT", "EYES_OPEN", "SUNGLASSES", "FACE_OCCLUDED");
    assertThat(request.path("ExternalImageId").asString())
        .isEqualTo(alice.providerSafe() + ":x" + selfie.sha256().substring(0, 32))
        .matches("[a-zA-Z0-9_.\\-:]{1,255}");
    assertThat(endpoint.lastRequest("CreateUser").path("UserId").asString())
        .isEqualTo(alice.providerSafe() + ":u")
        .matches("[a-zA-Z0-9_.\\-:]{1,128}");
    JsonNode associate = endpoint.lastRequest("AssociateFaces");
    assertThat(associate.path("UserId").asString()).isEqualTo(alice.providerSafe() + ":u");
    assertThat(associate.path("UserMatchThreshold").asDouble()).isZero();
  }

  @Test
  void index_configuredQualityFilter_isSent() {
    RekognitionFaceIndex high = indexBuilder().qualityFilter(QualityFilter.HIGH).build();

    high.index(alice, TestFaces.subject("alice").image(1));

    assertThat(endpoint.lastRequest("IndexFaces").path("QualityFilter").asString())
        .isEqualTo("HIGH");
  }

  @Test
  void index_sameImageAgain_indexesAnotherFaceWithoutListingFirst() {
    // Core's registration intent, not the index, makes a retry reuse its face: no ListFaces
    // pre-check (Rekognition itself has no index idempotency either).
    FaceImage selfie = TestFaces.subject("alice").image(1);
    FaceId first = indexed(index, alice, selfie);
    endpoint.resetCalls();

    FaceId second = indexed(index, alice, selfie);

    assertThat(second).isNotEqualTo(first);
    assertThat(endpoint.calls("IndexFaces")).isEqualTo(1);
    assertThat(endpoint.calls("ListFaces")).isZero();
  }

  @Test
  void index_secondFaceOfUser_associatesWithTheExistingRekognitionUser() {
    indexed(index, alice, TestFaces.subject("alice").image(1));
    endpoint.resetCalls();

    FaceId second = indexed(index, alice, TestFaces.subject("alice").image(2));

    assertThat(endpoint.userOf(collectionId, second.value())).contains(alice.providerSafe() + ":u");
    assertThat(endpoint.userIds(collectionId)).containsExactly(alice.providerSafe() + ":u");
    // The user exists: one AssociateFaces, no CreateUser.
    assertThat(endpoint.callCounts()).containsOnlyKeys("IndexFaces", "AssociateFaces");
    assertThat(endpoint.calls("AssociateFaces")).isEqualTo(1);
    assertThat(index.listFaces(alice)).hasSize(2);
  }

  @Test
  void index_blurredFaceWithoutFilter_isIndexedForCoreToJudge() {
    IndexResult result = index.index(alice, TestFaces.subject("alice").blurred().image(1));

    assertThat(result.indexed()).isPresent();
  }

  @Test
  void index_blurredFaceFilteredByConfiguredFilter_reportsReasonAndStoresNothing() {
    RekognitionFaceIndex filtered = indexBuilder().qualityFilter(QualityFilter.AUTO).build();

    IndexResult result = filtered.index(alice, TestFaces.subject("alice").blurred().image(1));

    assertThat(result.indexed()).isEmpty();
    assertThat(result.notIndexedReasons()).containsExactly(QualityIssue.BLURRY);
    assertThat(endpoint.faceIds(collectionId)).isEmpty();
    assertThat(endpoint.calls("CreateUser")).isZero();
  }

  @Test
  void associate_fails_throwsAndLeavesTheFaceForCoreToUndo() {
    endpoint.failNext("AssociateFaces", 500, "InternalServerError", 1);
    FaceId indexed = index.index(alice, TestFaces.subject("alice").image(1)).indexed().orElseThrow().faceId();

    assertThatThrownBy(() -> index.associate(alice, indexed)).isInstanceOf(ProviderException.class);

    // No compensation in the port: the face stays, associated with no user, and is found by the
    // maintenance listing with its user read from the ExternalImageId.
    assertThat(endpoint.calls("DeleteFaces")).isZero();
    assertThat(endpoint.faceIds(collectionId)).hasSize(1);
    String left = endpoint.faceIds(collectionId).get(0);
    assertThat(endpoint.userOf(collectionId, left)).isEmpty();
    assertThat(index.listFaces(alice)).as("a user search cannot match it").isEmpty();
    assertThat(index.listAllFaces().toList()).singleElement().satisfies(face -> {
      assertThat(face.faceId().value()).isEqualTo(left);
      assertThat(face.userId()).isEqualTo(alice);
    });

    Set<FaceId> deleted = index.deleteFaces(alice, List.of(FaceId.of(left)));

    assertThat(deleted).containsExactly(FaceId.of(left));
    assertThat(endpoint.faceIds(collectionId)).isEmpty();
    assertThat(endpoint.userIds(collectionId)).as("the user CreateUser made, now empty, goes too").isEmpty();
  }

  @Test
  void index_indexFacesFails_throwsWithoutFurtherCalls() {
    endpoint.failNext("IndexFaces", 500, "InternalServerError", 1);

    assertThatThrownBy(() -> index.index(alice, TestFaces.subject("alice").image(1)))
        .isInstanceOf(ProviderException.class);

    assertThat(endpoint.callCounts()).containsOnlyKeys("IndexFaces");
  }

  @Test
  void search_usersApi_isOneCallWithoutThresholdAndReportsEveryProbeFace() {
    indexed(index, alice, TestFaces.subject("alice").image(1));
    indexed(index, bob, TestFaces.subject("bob").image(1));
    endpoint.resetCalls();

    SearchResult result = index.search(TestFaces.group("alice", "bob"), 7);

    assertThat(endpoint.callCounts()).containsOnlyKeys("SearchUsersByImage");
    JsonNode request = endpoint.lastRequest("SearchUsersByImage");
    assertThat(request.path("UserMatchThreshold").asDouble()).isZero();
    assertThat(request.path("MaxUsers").asInt()).isEqualTo(7);
    assertThat(request.path("QualityFilter").asString()).isEqualTo("NONE");
    assertThat(result.probeFaces()).hasSize(2);
    assertThat(result.probeFaces().get(0).confidence()).isPresent();
    assertThat(result.probeFaces().get(0).pose()).as("SearchedFace documents box and confidence only").isEmpty();
    assertThat(result.matches()).extracting(m -> m.userId()).containsExactlyInAnyOrder(alice, bob);
    assertThat(result.modelVersion()).contains(RekognitionEndpoint.MODEL_VERSION);
  }

  @Test
  void search_usersApi_reportsEveryProbeFaceLeavingUnmeasuredFactsAbsent() {
    SearchResult result = index.search(TestFaces.subject("alice").withSunglasses().image(1), 3);

    assertThat(result.probeFaces()).singleElement().satisfies(face -> {
      assertThat(face.confidence()).isPresent();
      assertThat(face.sunglasses()).isEmpty();
      assertThat(face.eyesOpen()).isEmpty();
      assertThat(face.brightness()).isEmpty();
      assertThat(face.pose()).isEmpty();
    });
    assertThat(result.probeFacesComplete()).isTrue();
  }

  @Test
  void search_facesOnly_sendsNoThresholdAndGroupsFacesPerUser() {
    RekognitionFaceIndex faces = indexBuilder().usersApi(false).build();
    indexed(faces, alice, TestFaces.subject("alice").image(1));
    indexed(faces, alice, TestFaces.subject("alice").image(2));
    indexed(faces, bob, TestFaces.subject("bob").image(1));
    endpoint.resetCalls();

    SearchResult result = faces.search(TestFaces.subject("alice").image(3), 2);

    JsonNode request = endpoint.lastRequest("SearchFacesByImage");
    assertThat(request.path("FaceMatchThreshold").asDouble()).isZero();
    assertThat(request.path("QualityFilter").asString()).isEqualTo("NONE");
    assertThat(result.matches()).extracting(m -> m.userId()).containsExactly(alice, bob);
    assertThat(result.matches().get(0).faceId()).isPresent();
    assertThat(result.probeFacesComplete()).isFalse();
    assertThat(endpoint.calls("CreateUser")).isZero();
  }

  @Test
  void search_usersApiProbeWithoutFace_isOneCallWithCompleteEmptyAnswer() {
    indexed(index, alice, TestFaces.subject("alice").image(1));
    endpoint.resetCalls();

    SearchResult result = index.search(TestFaces.noFace(), 5);

    assertThat(result.matches()).isEmpty();
    assertThat(result.probeFaces()).isEmpty();
    assertThat(result.probeFacesComplete()).isTrue();
    assertThat(endpoint.callCounts()).containsOnlyKeys("SearchUsersByImage");
  }

  @Test
  void search_facesOnlyProbeWithoutFace_checksWithDetectFacesAndReturnsNoMatches() {
    RekognitionFaceIndex faces = indexBuilder().usersApi(false).build();
    indexed(faces, alice, TestFaces.subject("alice").image(1));
    endpoint.resetCalls();

    SearchResult result = faces.search(TestFaces.noFace(), 5);

    assertThat(result.matches()).isEmpty();
    assertThat(result.probeFaces()).isEmpty();
    assertThat(result.probeFacesComplete()).isTrue();
    assertThat(endpoint.calls("DetectFaces")).isEqualTo(1);
  }

  @Test
  void search_nonAsciiUserId_comesBackAsTheSameUserId() {
    UserId zoe = UserId.of("Zoë Ünal <zoe@exämple.com>");
    indexed(index, zoe, TestFaces.subject("zoe").image(1));

    SearchResult result = index.search(TestFaces.subject("zoe").image(2), 3);

    assertThat(result.bestMatch()).hasValueSatisfying(m -> assertThat(m.userId()).isEqualTo(zoe));
  }

  @Test
  void compare_sendsZeroThresholdAndReportsEveryTargetFace() {
    RekognitionFaceComparer comparer =
        RekognitionFaceComparer.builder().rekognitionClient(client).build();

    Comparison comparison =
        comparer.compare(TestFaces.subject("alice").image(1), TestFaces.group("alice", "bob"));

    JsonNode request = endpoint.lastRequest("CompareFaces");
    assertThat(request.path("SimilarityThreshold").asDouble()).isZero();
    assertThat(request.path("QualityFilter").asString()).isEqualTo("NONE");
    assertThat(comparison.targetFaces()).hasSize(2);
    assertThat(comparison.targetFaces().get(0).similarity().ratio()).isGreaterThan(0.99);
    assertThat(comparison.targetFaces().get(1).similarity().ratio()).isLessThan(0.7);
  }

  @Test
  void detect_asksForTheGatesAttributesOnlyAndMapsThem() {
    RekognitionFaceDetector detector =
        RekognitionFaceDetector.builder().rekognitionClient(client).build();

    var result = detector.detect(TestFaces.subject("alice").withSunglasses().image(1));

    // Not ALL: AWS documents that more attributes may take longer, and the gate reads only these.
    assertThat(endpoint.lastRequest("DetectFaces").path("Attributes")).extracting(JsonNode::asString)
        .containsExactly("DEFAULT", "EYES_OPEN", "SUNGLASSES", "FACE_OCCLUDED");
    assertThat(result.faces()).singleElement().satisfies(face -> {
      assertThat(face.sunglasses()).hasValueSatisfying(s -> assertThat(s.value()).isTrue());
      assertThat(face.eyesOpen()).isPresent();
      assertThat(face.occluded()).isPresent();
      assertThat(face.pose()).isPresent();
      assertThat(face.brightness()).isPresent();
      assertThat(face.sharpness()).isPresent();
      assertThat(face.sizePixels()).isGreaterThan(40);
    });
  }

  // ---------------------------------------------------------------- paging and batches

  @Test
  void listFaces_severalPages_followsEveryPage() {
    endpoint.listFacesPageSize(2);
    try {
      for (int i = 1; i <= 5; i++) {
        indexed(index, alice, TestFaces.subject("alice").image(i));
      }
      endpoint.resetCalls();

      List<IndexedFace> faces = index.listFaces(alice);

      assertThat(faces).hasSize(5);
      assertThat(endpoint.calls("ListFaces")).isEqualTo(3);
      assertThat(endpoint.requests("ListFaces").get(1).path("NextToken").asString()).isNotBlank();
    } finally {
      endpoint.listFacesPageSize(Integer.MAX_VALUE);
    }
  }

  @Test
  void listAllFaces_severalPages_followsEveryPageWithoutUserFilterAndReadsOwners() {
    endpoint.listFacesPageSize(2);
    try {
      for (int i = 1; i <= 3; i++) {
        indexed(index, alice, TestFaces.subject("alice").image(i));
      }
      FaceId bobs = indexed(index, bob, TestFaces.subject("bob").image(1));
      endpoint.resetCalls();

      List<IndexedFace> faces = index.listAllFaces().toList();

      assertThat(faces).hasSize(4);
      assertThat(faces).filteredOn(face -> face.faceId().equals(bobs)).singleElement()
          .satisfies(face -> assertThat(face.userId()).isEqualTo(bob));
      assertThat(faces).filteredOn(face -> !face.faceId().equals(bobs))
          .allSatisfy(face -> assertThat(face.userId()).isEqualTo(alice));
      assertThat(endpoint.calls("ListFaces")).isEqualTo(2);
      assertThat(endpoint.requests("ListFaces")).allSatisfy(request -> assertThat(request.has("UserId")).isFalse());
    } finally {
      endpoint.listFacesPageSize(Integer.MAX_VALUE);
    }
  }

  @Test
  void deleteFaces_faceIndexedButNeverAssociated_isFoundByExternalImageIdAndDeleted() {
    // A face indexed for alice that the users API never associated (the process stopped in between).
    FaceId stray = indexed(indexBuilder().usersApi(false).build(), alice, TestFaces.subject("alice").image(1));
    FaceId kept = indexed(index, bob, TestFaces.subject("bob").image(1));

    assertThat(index.listFaces(alice)).as("not listed by user: it has no Rekognition user").isEmpty();
    assertThat(index.listAllFaces().toList()).extracting(IndexedFace::faceId).containsExactlyInAnyOrder(stray, kept);
    Set<FaceId> deleted = index.deleteFaces(alice, List.of(stray));

    assertThat(deleted).containsExactly(stray);
    assertThat(endpoint.faceIds(collectionId)).containsExactly(kept.value());
  }

  @Test
  void deleteFaces_allOfUser_deletesUserThenFacesInBatches() {
    RekognitionFaceIndex batched = indexBuilder().batchSizes(2, 2).build();
    Set<FaceId> ids =
        List.of(1, 2, 3, 4, 5).stream()
            .map(i -> indexed(batched, alice, TestFaces.subject("alice").image(i)))
            .collect(Collectors.toSet());
    endpoint.resetCalls();

    Set<FaceId> deleted = batched.deleteFaces(alice, ids);

    assertThat(deleted).isEqualTo(ids);
    assertThat(endpoint.calls("DeleteUser")).isEqualTo(1);
    assertThat(endpoint.calls("DisassociateFaces")).isZero();
    assertThat(endpoint.calls("DeleteFaces")).isEqualTo(3);
    assertThat(endpoint.requests("DeleteFaces"))
        .allSatisfy(r -> assertThat(r.path("FaceIds").size()).isLessThanOrEqualTo(2));
    assertThat(endpoint.faceIds(collectionId)).isEmpty();
    assertThat(endpoint.userIds(collectionId)).isEmpty();
  }

  @Test
  void deleteFaces_someOfUser_disassociatesInBatchesAndKeepsUser() {
    RekognitionFaceIndex batched = indexBuilder().batchSizes(2, 2).build();
    List<FaceId> ids =
        List.of(1, 2, 3, 4).stream()
            .map(i -> indexed(batched, alice, TestFaces.subject("alice").image(i)))
            .toList();
    endpoint.resetCalls();

    Set<FaceId> deleted = batched.deleteFaces(alice, ids.subList(0, 3));

    assertThat(deleted).containsExactlyInAnyOrderElementsOf(ids.subList(0, 3));
    assertThat(endpoint.calls("DisassociateFaces")).isEqualTo(2);
    assertThat(endpoint.calls("DeleteUser")).isZero();
    assertThat(batched.listFaces(alice)).extracting(IndexedFace::faceId).containsExactly(ids.get(3));
    assertThat(endpoint.userIds(collectionId)).containsExactly(alice.providerSafe() + ":u");
  }

  @Test
  void deleteFaces_aFaceDisassociateFacesLeavesAssociated_isNamedAndTheOthersAreDeleted() {
    List<FaceId> ids = List.of(1, 2, 3).stream()
        .map(i -> indexed(index, alice, TestFaces.subject("alice").image(i))).toList();
    String stuck = ids.get(0).value();
    // Another writer moves the face to its own Rekognition user between ListFaces and DisassociateFaces.
    endpoint.beforeNext("DisassociateFaces",
        () -> endpoint.associateElsewhere(collectionId, stuck, "someone-else"));

    assertThatThrownBy(() -> index.deleteFaces(alice, ids.subList(0, 2)))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining(stuck).hasMessageContaining("ASSOCIATED_TO_A_DIFFERENT_USER")
        .satisfies(e -> assertThat(((ProviderException) e).operation()).isEqualTo("DisassociateFaces"));

    assertThat(endpoint.faceIds(collectionId)).containsExactlyInAnyOrder(stuck, ids.get(2).value());
    assertThat(endpoint.lastRequest("DeleteFaces").path("FaceIds").toString()).doesNotContain(stuck);
  }

  @Test
  void deleteFaces_aFaceDeleteFacesRefuses_isNamedAndTheOthersAreDeletedInLaterBatches() {
    RekognitionFaceIndex facesOnly = indexBuilder().usersApi(false).batchSizes(1, 1).build();
    List<FaceId> ids = List.of(1, 2).stream()
        .map(i -> indexed(facesOnly, alice, TestFaces.subject("alice").image(i))).toList();
    String refused = ids.get(0).value();
    endpoint.beforeNext("DeleteFaces", () -> endpoint.associateElsewhere(collectionId, refused, "someone-else"));

    assertThatThrownBy(() -> facesOnly.deleteFaces(alice, ids))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining(refused).hasMessageContaining("ASSOCIATED_TO_AN_EXISTING_USER")
        .satisfies(e -> assertThat(((ProviderException) e).operation()).isEqualTo("DeleteFaces"));

    assertThat(endpoint.faceIds(collectionId)).containsExactly(refused);
  }

  @Test
  void deleteFaces_otherUsersFace_isLeftAlone() {
    FaceId bobs = indexed(index, bob, TestFaces.subject("bob").image(1));
    indexed(index, alice, TestFaces.subject("alice").image(1));
    endpoint.resetCalls();

    Set<FaceId> deleted = index.deleteFaces(alice, List.of(bobs));

    assertThat(deleted).isEmpty();
    assertThat(endpoint.calls("DeleteFaces")).isZero();
    assertThat(index.listFaces(bob)).hasSize(1);
  }

  // ---------------------------------------------------------------- retries and errors

  @Test
  void search_throttledTwice_isRetriedBySdkAndSucceeds() {
    try (RekognitionClient retrying = endpoint.client(TestClients.fastRetries(3))) {
      RekognitionFaceIndex retried = indexBuilder().rekognitionClient(retrying).build();
      endpoint.failNext("SearchUsersByImage", 400, "ThrottlingException", 2);

      SearchResult result = retried.search(TestFaces.subject("alice").image(1), 3);

      assertThat(result.matches()).isEmpty();
      assertThat(endpoint.calls("SearchUsersByImage")).isEqualTo(3);
    }
  }

  @Test
  void search_throttledBeyondRetries_surfacesRetryableThrottledWithRequestId() {
    try (RekognitionClient retrying = endpoint.client(TestClients.fastRetries(3))) {
      RekognitionFaceIndex retried = indexBuilder().rekognitionClient(retrying).build();
      endpoint.failNext("SearchUsersByImage", 400, "ThrottlingException", 3);

      assertThatThrownBy(() -> retried.search(TestFaces.subject("alice").image(1), 3))
          .isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(ProviderException.Kind.THROTTLED);
            assertThat(e.retryable()).isTrue();
            assertThat(e.provider()).isEqualTo("rekognition");
            assertThat(e.operation()).isEqualTo("SearchUsersByImage");
            assertThat(e.requestId()).hasValueSatisfying(id -> assertThat(id).startsWith("local-"));
          });
      assertThat(endpoint.calls("SearchUsersByImage")).isEqualTo(3);
    }
  }

  @Test
  void detect_provisionedThroughputExceeded_isThrottled() {
    RekognitionFaceDetector detector =
        RekognitionFaceDetector.builder().rekognitionClient(client).build();
    endpoint.failNext(
        "DetectFaces", 400, "com.amazonaws.rekognition#ProvisionedThroughputExceededException", 1);

    assertThatThrownBy(() -> detector.detect(TestFaces.subject("alice").image(1)))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.THROTTLED));
  }

  @Test
  void index_serverErrorBeyondRetries_surfacesRetryableUnavailable() {
    try (RekognitionClient retrying = endpoint.client(TestClients.fastRetries(2))) {
      RekognitionFaceIndex retried = indexBuilder().rekognitionClient(retrying).build();
      endpoint.failNext("IndexFaces", 500, "InternalServerError", 2);

      assertThatThrownBy(() -> retried.index(alice, TestFaces.subject("alice").image(1)))
          .isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNAVAILABLE);
            assertThat(e.retryable()).isTrue();
          });
      assertThat(endpoint.calls("IndexFaces")).isEqualTo(2);
    }
  }

  @Test
  void index_accessDenied_isConfigurationErrorAndNotRetried() {
    try (RekognitionClient retrying = endpoint.client(TestClients.fastRetries(3))) {
      RekognitionFaceIndex retried = indexBuilder().rekognitionClient(retrying).build();
      endpoint.failNext("IndexFaces", 400, "AccessDeniedException", 1);

      assertThatThrownBy(() -> retried.index(alice, TestFaces.subject("alice").image(1)))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("rekognition:IndexFaces")
          .hasMessageNotContaining("alice");
      assertThat(endpoint.calls("IndexFaces")).isEqualTo(1);
    }
  }

  @Test
  void detect_invalidImageFormat_isInvalidImageException() {
    RekognitionFaceDetector detector =
        RekognitionFaceDetector.builder().rekognitionClient(client).build();
    endpoint.failNext("DetectFaces", 400, "InvalidImageFormatException", 1);

    assertThatThrownBy(() -> detector.detect(TestFaces.subject("alice").image(1)))
        .isInstanceOfSatisfying(
            InvalidImageException.class,
            e -> assertThat(e.reason()).isEqualTo(InvalidImageException.Reason.UNSUPPORTED_FORMAT));
  }

  @Test
  void detect_imageOverFiveMegabytes_isRefusedAsTooLarge() throws IOException {
    RekognitionFaceDetector detector =
        RekognitionFaceDetector.builder().rekognitionClient(client).build();
    FaceImage huge = noisePng(1400, 1400);
    assertThat(huge.size()).isGreaterThan(5 * 1024 * 1024);

    assertThatThrownBy(() -> detector.detect(huge))
        .isInstanceOfSatisfying(
            InvalidImageException.class,
            e -> assertThat(e.reason()).isEqualTo(InvalidImageException.Reason.TOO_MANY_BYTES));
    endpoint.resetCalls();
  }

  @Test
  void operations_missingCollection_throwConfigurationExceptionButDescribeIsEmpty() {
    RekognitionFaceIndex missing =
        RekognitionFaceIndex.builder().rekognitionClient(client).collectionId("no-such").build();

    assertThat(missing.describeCollection()).isEmpty();
    assertThat(missing.deleteCollection()).isFalse();
    assertThatThrownBy(() -> missing.index(alice, TestFaces.subject("alice").image(1)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("collection 'no-such'");
    assertThatThrownBy(() -> missing.search(TestFaces.subject("alice").image(1), 2))
        .isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> missing.listFaces(alice)).isInstanceOf(ConfigurationException.class);
    endpoint.resetCalls();
  }

  @Test
  void createCollection_withTags_tagsNewCollection() {
    String id = "tagged-" + UUID.randomUUID();
    RekognitionFaceIndex tagged =
        RekognitionFaceIndex.builder()
            .rekognitionClient(client)
            .collectionId(id)
            .tag("app", "idv")
            .tag("env", "test")
            .build();

    var info = tagged.createCollection();

    assertThat(endpoint.lastRequest("CreateCollection").path("Tags").size()).isEqualTo(2);
    assertThat(endpoint.tags(id)).containsEntry("app", "idv").containsEntry("env", "test");
    assertThat(info.modelVersion()).contains(RekognitionEndpoint.MODEL_VERSION);
    tagged.deleteCollection();
  }

  @Test
  void createCollection_withoutTags_sendsNoTags() {
    endpoint.resetCalls();
    String id = "untagged-" + UUID.randomUUID();
    RekognitionFaceIndex untagged = RekognitionFaceIndex.builder().rekognitionClient(client).collectionId(id).build();

    untagged.createCollection();

    assertThat(endpoint.lastRequest("CreateCollection").has("Tags")).isFalse();
    untagged.deleteCollection();
  }

  // ---------------------------------------------------------------- lifecycle

  private static FaceImage noisePng(int width, int height) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(42);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, random.nextInt(0x1000000));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return FaceImage.fromBytes(out.toByteArray());
  }

  @Test
  void build_withoutClient_isRefused() {
    assertThatThrownBy(() -> RekognitionFaceDetector.builder().build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("rekognitionClient");
    assertThatThrownBy(() -> RekognitionFaceComparer.builder().build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("rekognitionClient");
    assertThatThrownBy(() -> RekognitionFaceIndex.builder().collectionId("c").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("rekognitionClient");
  }
}
