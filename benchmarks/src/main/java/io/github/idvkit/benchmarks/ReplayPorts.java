package io.github.idvkit.benchmarks;

import io.github.idvkit.DetectedFace;
import io.github.idvkit.ExecutionMode;
import io.github.idvkit.FaceId;
import io.github.idvkit.FaceImage;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.ImageSource;
import io.github.idvkit.Similarity;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.CollectionInfo;
import io.github.idvkit.spi.Comparison;
import io.github.idvkit.spi.DetectionResult;
import io.github.idvkit.spi.FaceComparer;
import io.github.idvkit.spi.FaceDetector;
import io.github.idvkit.spi.FaceIndex;
import io.github.idvkit.spi.FaceMatch;
import io.github.idvkit.spi.FaceRecord;
import io.github.idvkit.spi.FaceRecordStore;
import io.github.idvkit.spi.ImageStore;
import io.github.idvkit.spi.IndexResult;
import io.github.idvkit.spi.IndexedFace;
import io.github.idvkit.spi.SearchResult;
import io.github.idvkit.testkit.FakeFaceComparer;
import io.github.idvkit.testkit.FakeFaceDetector;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The five ports answering with fixed, precomputed facts and doing no work, so that a verifier on
 * them measures idv's own cost per flow: normalisation, the gate, decisions, results and events.
 * One set answers as for a new user (register), the other as for a registered one (login).
 */
final class ReplayPorts implements FaceDetector, FaceComparer, FaceIndex, ImageStore, FaceRecordStore {

  private final DetectionResult detection;
  private final Comparison comparison;
  private final SearchResult search;
  private final IndexResult indexed;
  private final StoredImage stored;
  private final List<FaceRecord> records;

  private ReplayPorts(boolean registered, UserId user, FaceImage idPhoto, FaceImage selfie) {
    this.detection = FakeFaceDetector.create().detect(selfie);
    this.comparison = FakeFaceComparer.create().compare(idPhoto, selfie);
    DetectedFace face = detection.faces().get(0);
    FaceId faceId = FaceId.of("00000000-0000-4000-8000-000000000001");
    IndexedFace indexedFace =
        IndexedFace.builder().faceId(faceId).userId(user).provider("replay").collectionId("replay").face(face)
            .modelVersion("1").build();
    this.indexed = IndexResult.of(indexedFace);
    this.stored = StoredImage.of("memory://replay/" + faceId.value());
    SearchResult.Builder result = SearchResult.builder().addProbeFace(face).probeFacesComplete(true).modelVersion("1");
    if (registered) {
      result.addMatch(FaceMatch.of(user, Similarity.ofRatio(0.997), faceId));
    }
    this.search = result.build();
    this.records =
        registered
            ? List.of(FaceRecord.builder().userId(user).faceId(faceId).image(stored).provider("replay")
                .collectionId("replay").modelVersion("1").confidence(0.999).requestId("r-1")
                .createdAt(Instant.parse("2026-11-27T00:00:00Z")).build())
            : List.of();
  }

  /** A verifier on replaying ports; {@code registered} picks the login or the register answers. */
  static IdentityVerifier verifier(
      boolean registered, ExecutionMode execution, UserId user, FaceImage idPhoto, FaceImage selfie) {
    ReplayPorts ports = new ReplayPorts(registered, user, idPhoto, selfie);
    return IdentityVerifier.builder()
        .faceDetector(ports)
        .faceComparer(ports)
        .faceIndex(ports)
        .imageStore(ports)
        .faceRecordStore(ports)
        .execution(execution)
        .build();
  }

  @Override
  public DetectionResult detect(FaceImage image) {
    return detection;
  }

  @Override
  public Comparison compare(ImageSource source, FaceImage target) {
    return comparison;
  }

  @Override
  public Optional<CollectionInfo> describeCollection() {
    return Optional.empty();
  }

  @Override
  public CollectionInfo createCollection() {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean deleteCollection() {
    return false;
  }

  @Override
  public IndexResult index(UserId user, FaceImage image) {
    return indexed;
  }

  @Override
  public SearchResult search(FaceImage probe, int maxUsers) {
    return search;
  }

  @Override
  public List<IndexedFace> listFaces(UserId user) {
    return List.of();
  }

  @Override
  public java.util.stream.Stream<IndexedFace> listAllFaces() {
    return java.util.stream.Stream.empty();
  }

  @Override
  public io.github.idvkit.spi.Consistency consistency() {
    return io.github.idvkit.spi.Consistency.READ_AFTER_WRITE;
  }

  @Override
  public Set<FaceId> deleteFaces(UserId user, Collection<FaceId> faceIds) {
    return Set.of();
  }

  @Override
  public StoredImage put(UserId user, FaceId faceId, FaceImage image) {
    return stored;
  }

  @Override
  public Optional<FaceImage> get(StoredImage image) {
    return Optional.empty();
  }

  @Override
  public boolean delete(StoredImage image) {
    return true;
  }

  @Override
  public List<StoredImage> list(UserId user) {
    return List.of();
  }

  @Override
  public java.util.stream.Stream<StoredImage> listAll() {
    return java.util.stream.Stream.empty();
  }

  @Override
  public boolean create(FaceRecord record) {
    return true;
  }

  @Override
  public List<FaceRecord> findByUser(UserId user) {
    return records;
  }

  @Override
  public Optional<FaceRecord> findByFace(FaceId faceId) {
    return Optional.empty();
  }

  @Override
  public java.util.stream.Stream<FaceRecord> findAll() {
    return records.stream();
  }

  // A new user has no intent; every conditional write of the registration's own intent succeeds.

  @Override
  public boolean createIntent(io.github.idvkit.spi.RegistrationIntent intent) {
    return true;
  }

  @Override
  public boolean replaceIntent(String attemptId, io.github.idvkit.spi.RegistrationIntent intent) {
    return true;
  }

  @Override
  public Optional<io.github.idvkit.spi.RegistrationIntent> findIntent(UserId user) {
    return Optional.empty();
  }

  @Override
  public boolean deleteIntent(UserId user, String attemptId) {
    return true;
  }

  @Override
  public java.util.stream.Stream<io.github.idvkit.spi.RegistrationIntent> findIntents() {
    return java.util.stream.Stream.empty();
  }

  @Override
  public boolean delete(UserId user, FaceId faceId) {
    return true;
  }
}
