package io.github.idvkit.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.FaceId;
import io.github.idvkit.FaceImage;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.Consistency;
import io.github.idvkit.spi.FaceIndex;
import io.github.idvkit.spi.IndexedFace;
import io.github.idvkit.testkit.TestFaces;
import io.github.idvkit.testkit.contract.ContractFaces;
import io.github.idvkit.testkit.contract.FaceIndexContract;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.rekognition.RekognitionClient;

/** {@link RekognitionFaceIndex} (Users API) passes the face index contract on the local endpoint. */
class RekognitionFaceIndexTest extends FaceIndexContract {

  private static RekognitionEndpoint endpoint;
  private static RekognitionClient client;
  private RekognitionFaceIndex subject;

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

  @Override
  protected FaceIndex newSubject() {
    subject =
        RekognitionFaceIndex.builder()
            .rekognitionClient(client)
            .collectionId("contract-" + UUID.randomUUID())
            .build();
    return subject;
  }

  @Override
  protected ContractFaces faces() {
    return ContractFaces.synthetic();
  }

  @Override
  protected void cleanUp() {
    subject.deleteCollection();
  }

  // ---------------------------------------------------------------- foreign data

  /** Indexes a face the way another application sharing the collection would, with the raw SDK. */
  private String foreignFace(String externalImageId, String subject) {
    return client
        .indexFaces(b -> b.collectionId(subject().collectionId())
            .image(i -> i.bytes(SdkBytes.fromByteArray(TestFaces.subject(subject).image(1).bytes())))
            .externalImageId(externalImageId)
            .maxFaces(1))
        .faceRecords().get(0).face().faceId();
  }

  private RekognitionFaceIndex subject() {
    return subject;
  }

  /** A face indexed by another application sharing the collection, named like AWS's examples. */
  @Override
  protected Optional<FaceId> addForeignFace(FaceImage image) {
    String faceId =
        client
            .indexFaces(b -> b.collectionId(subject.collectionId())
                .image(i -> i.bytes(SdkBytes.fromByteArray(image.bytes())))
                .externalImageId("image1.jpg")
                .maxFaces(1))
            .faceRecords().get(0).face().faceId();
    return Optional.of(FaceId.of(faceId));
  }

  @Override
  protected boolean foreignFaceExists(FaceId faceId) {
    return endpoint.faceIds(subject.collectionId()).contains(faceId.value());
  }

  @Test
  void prepare_createsTheRekognitionUser_releaseDeletesItWhileEmpty_butNeverOneWithAFace() {
    UserId alice = UserId.of("alice@example.com");
    UserId bob = UserId.of("bob@example.com");
    String aliceId = RekognitionIds.rekognitionUserId(alice);
    String bobId = RekognitionIds.rekognitionUserId(bob);

    subject.prepare(alice);
    subject.prepare(bob);
    FaceId bobs = subject.index(bob, TestFaces.subject("bob").image(1)).indexed().orElseThrow().faceId();
    subject.associate(bob, bobs);
    assertThat(endpoint.userIds(subject.collectionId())).containsExactlyInAnyOrder(aliceId, bobId);

    subject.release(alice);
    subject.release(bob);

    assertThat(endpoint.userIds(subject.collectionId())).containsExactly(bobId);
    assertThat(subject.search(TestFaces.subject("bob").image(2), 1).bestMatch())
        .hasValueSatisfying(match -> assertThat(match.userId()).isEqualTo(bob));
  }

  @Test
  void release_inASharedCollection_neverTouchesAnotherApplicationsUser() {
    // Another application's empty user "alice" and its user "bob" with a face; idv's are "<id>:u".
    String collection = subject.collectionId();
    client.createUser(b -> b.collectionId(collection).userId("alice"));
    String face = foreignFace("bob-profile.jpg", "bob");
    client.createUser(b -> b.collectionId(collection).userId("bob"));
    client.associateFaces(b -> b.collectionId(collection).userId("bob").faceIds(face));

    subject.prepare(UserId.of("alice"));
    subject.release(UserId.of("alice"));
    subject.release(UserId.of("bob"));

    assertThat(endpoint.userIds(collection)).containsExactlyInAnyOrder("alice", "bob");
    assertThat(endpoint.userOf(collection, face)).contains("bob");
  }

  @Test
  void associate_ofAUserNotPrepared_createsTheUserFirst() {
    UserId alice = UserId.of("alice@example.com");
    FaceId face = subject.index(alice, TestFaces.subject("alice").image(1)).indexed().orElseThrow().faceId();

    subject.associate(alice, face);

    assertThat(endpoint.userIds(subject.collectionId())).containsExactly(RekognitionIds.rekognitionUserId(alice));
    assertThat(subject.search(TestFaces.subject("alice").image(2), 1).bestMatch())
        .hasValueSatisfying(match -> assertThat(match.userId()).isEqualTo(alice));
  }

  @Test
  void foreignFace_withFileNameAsExternalImageId_isNeverReportedOrDeleted() {
    String foreign = foreignFace("image1.jpg", "stranger");
    UserId imageOne = UserId.of("image1.jpg");
    UserId alice = UserId.of("alice@example.com");
    FaceId mine = subject.index(alice, TestFaces.subject("alice").image(1)).indexed().orElseThrow().faceId();

    assertThat(subject.listAllFaces().toList()).extracting(IndexedFace::faceId).containsExactly(mine);
    assertThat(subject.listFaces(imageOne)).isEmpty();
    assertThat(subject.search(TestFaces.subject("stranger").image(2), 10).matches())
        .noneMatch(m -> m.userId().equals(imageOne));
    assertThat(subject.deleteFaces(imageOne, List.of(FaceId.of(foreign)))).isEmpty();
    assertThat(subject.deleteFaces(alice, List.of(FaceId.of(foreign)))).isEmpty();
    assertThat(endpoint.faceIds(subject.collectionId())).contains(foreign);
  }

  @Test
  void foreignFace_withAnExternalImageIdThatOnlyLooksLikeIdvs_isNeverReportedOrDeleted() {
    UserId alice = UserId.of("alice");
    List<String> lookalikes =
        List.of("alice", "alice:x", "alice:x0123", "alice:x" + "g".repeat(32), "alice:x" + "A".repeat(32),
            ":x" + "0".repeat(32), "alice:x" + "0".repeat(33));
    List<String> foreign = lookalikes.stream().map(id -> foreignFace(id, "stranger")).toList();

    assertThat(subject.listAllFaces().toList()).isEmpty();
    assertThat(subject.listFaces(alice)).isEmpty();
    assertThat(subject.deleteFaces(alice, foreign.stream().map(FaceId::of).toList())).isEmpty();
    assertThat(endpoint.faceIds(subject.collectionId())).containsAll(foreign);
  }

  @Test
  void foreignRekognitionUser_isNeverReportedAsAUserOrDeleted() {
    // Another application's user "alice", with its own face; idv's alice is "alice:u".
    String collection = subject.collectionId();
    String face = foreignFace("alice-profile.jpg", "alice");
    client.createUser(b -> b.collectionId(collection).userId("alice"));
    client.associateFaces(b -> b.collectionId(collection).userId("alice").faceIds(face));
    UserId alice = UserId.of("alice");

    assertThat(subject.search(TestFaces.subject("alice").image(2), 10).matches()).isEmpty();
    assertThat(subject.listFaces(alice)).isEmpty();
    assertThat(subject.listAllFaces().toList()).isEmpty();

    FaceId mine = subject.index(alice, TestFaces.subject("alice").image(3)).indexed().orElseThrow().faceId();
    subject.associate(alice, mine);
    assertThat(subject.search(TestFaces.subject("alice").image(2), 10).matches())
        .singleElement().satisfies(m -> assertThat(m.userId()).isEqualTo(alice));
    assertThat(subject.deleteFaces(alice, List.of(mine, FaceId.of(face)))).containsExactly(mine);

    assertThat(endpoint.userIds(collection)).containsExactly("alice");
    assertThat(endpoint.userOf(collection, face)).contains("alice");
    assertThat(endpoint.faceIds(collection)).containsExactly(face);
  }

  @Test
  void idvFace_associatedByAnotherApplicationWithItsUser_isForeign() {
    String collection = subject.collectionId();
    UserId alice = UserId.of("alice");
    String face = foreignFace(RekognitionIds.externalImageId(alice, TestFaces.subject("alice").image(1)), "alice");
    client.createUser(b -> b.collectionId(collection).userId("someone-else"));
    client.associateFaces(b -> b.collectionId(collection).userId("someone-else").faceIds(face));

    assertThat(subject.listAllFaces().toList()).isEmpty();
    assertThat(subject.deleteFaces(alice, List.of(FaceId.of(face)))).isEmpty();
    assertThat(endpoint.faceIds(collection)).containsExactly(face);
  }

  @Test
  void consistency_usersApi_isEventual() {
    assertThat(subject.consistency()).isEqualTo(Consistency.EVENTUAL);
  }
}
