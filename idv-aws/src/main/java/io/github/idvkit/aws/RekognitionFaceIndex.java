package io.github.idvkit.aws;

import io.github.idvkit.ConfigurationException;
import io.github.idvkit.FaceId;
import io.github.idvkit.FaceImage;
import io.github.idvkit.ProviderException;
import io.github.idvkit.QualityIssue;
import io.github.idvkit.UserId;
import io.github.idvkit.aws.internal.AwsExceptionTranslator;
import io.github.idvkit.aws.internal.RekognitionMapping;
import io.github.idvkit.spi.CollectionInfo;
import io.github.idvkit.spi.Consistency;
import io.github.idvkit.spi.FaceFact;
import io.github.idvkit.spi.FaceIndex;
import io.github.idvkit.spi.IndexResult;
import io.github.idvkit.spi.IndexedFace;
import io.github.idvkit.spi.SearchResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.Face;
import software.amazon.awssdk.services.rekognition.model.IndexFacesResponse;
import software.amazon.awssdk.services.rekognition.model.QualityFilter;

/**
 * A {@link FaceIndex} on an Amazon Rekognition collection.
 *
 * <pre>{@code
 * RekognitionFaceIndex index = RekognitionFaceIndex.builder()
 *     .rekognitionClient(rekognition)
 *     .collectionId("users")
 *     .tag("app", "idv")
 *     .build();
 * index.createCollection();
 * IndexResult r = index.index(UserId.of("alice@example.com"), selfie);
 * SearchResult s = index.search(probe, 10);
 * }</pre>
 *
 * <p>By default it uses Rekognition's Users API: each idv user is a Rekognition user ({@code
 * CreateUser}) whose faces are associated with it ({@code AssociateFaces}), so a user may have
 * several faces and {@link #search} is one {@code SearchUsersByImage} call that also reports every
 * face of the probe: the searched face with what the API documents for it (box and confidence) and
 * every unsearched face with its details; {@link SearchResult#probeFacesComplete()} says the list
 * is complete, and core runs its detector only when its gate checks a fact the search did not
 * measure. With {@link Builder#usersApi(boolean) usersApi(false)} it works on faces only ({@code
 * SearchFacesByImage}, grouped per user by {@code ExternalImageId}), for collections kept without
 * users.
 *
 * <p>How it maps the port:
 *
 * <ul>
 *   <li>Each face's {@code ExternalImageId} is {@code <user>:x<32 hex>} (the user's {@link
 *       UserId#providerSafe() provider-safe} id, then a digest of the image); each Rekognition
 *       {@code UserId} idv creates is {@code <user>:u}.
 *   <li>What idv did not write is foreign: a face whose {@code ExternalImageId} is not in that form
 *       (a file name such as {@code image1.jpg}), a Rekognition user without the {@code :u} mark, or
 *       a face of idv's associated with a user other than its own, is never reported as any user's
 *       and never deleted.
 *   <li>{@code IndexFaces} sends {@code MaxFaces=1} (Rekognition keeps the largest face), {@code
 *       DetectionAttributes=ALL} and {@code QualityFilter=NONE} unless configured: core's quality
 *       gate decides; a configured filter's reasons come back as {@link QualityIssue}s.
 *   <li>Searches apply no threshold ({@code UserMatchThreshold=0} or {@code FaceMatchThreshold=0},
 *       {@code QualityFilter=NONE}); core decides.
 *   <li>Listings use the SDK's {@code ListFaces} paginator, filtered by {@code UserId} or by {@code
 *       FaceIds}; {@code DeleteFaces} runs in batches of at most 4096, {@code DisassociateFaces} of
 *       at most 100. Deleting a user's last face deletes the Rekognition user.
 * </ul>
 *
 * <p>Failures: the index undoes nothing itself (core's registration intent owns the undo). What
 * may stay behind after a failed {@link #index}: a face stored by an {@code IndexFaces} whose reply
 * was lost; with the Users API, a face left associated with no user (searchable by no user) or
 * associated after all (a lost {@code AssociateFaces} reply), and an empty Rekognition user. {@link
 * #listAllFaces} reports every such face, its user read from the {@code ExternalImageId}, and
 * {@link #deleteFaces} deletes it like any other face of the user.
 *
 * <p>Consistency ({@link #consistency()}): with the Users API {@link Consistency#EVENTUAL}, since
 * Rekognition applies {@code AssociateFaces} asynchronously (the user is {@code UPDATING} meanwhile);
 * without it {@link Consistency#READ_AFTER_WRITE}. Thread-safe; it never closes its client.
 */
public final class RekognitionFaceIndex implements FaceIndex {

  private static final Logger LOG = LoggerFactory.getLogger(RekognitionFaceIndex.class);

  private final RekognitionClient client;
  private final String collectionId;
  private final RekognitionCollection collection;
  private final Map<String, String> tags;
  private final QualityFilter qualityFilter;
  private final IndexMode mode;
  /** The face-level search of registration's duplicate check, in either mode. */
  private final IndexMode faces;
  private final int deleteBatch;

  private RekognitionFaceIndex(Builder b, RekognitionClient client) {
    this.client = client;
    this.collectionId = Objects.requireNonNull(b.collectionId, "collectionId");
    this.collection = new RekognitionCollection(client, collectionId);
    this.tags = Map.copyOf(b.tags);
    this.qualityFilter = b.qualityFilter;
    this.mode = b.usersApi
        ? new IndexMode.Users(collection, b.associateBatch)
        : new IndexMode.Faces(collection);
    this.faces = new IndexMode.Faces(collection);
    this.deleteBatch = b.deleteBatch;
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the collection's id.
   *
   * @return the collection id
   */
  public String collectionId() {
    return collectionId;
  }

  @Override
  public Optional<CollectionInfo> describeCollection() {
    return collection.describe();
  }

  /**
   * Creates the collection, with the builder's tags (no {@code Tags} at all without any), unless
   * it exists; an existing collection is left as it is.
   *
   * @return the collection
   * @throws ConfigurationException if access is denied
   * @throws ProviderException if Rekognition fails
   */
  @Override
  public CollectionInfo createCollection() {
    return collection.create(tags);
  }

  @Override
  public boolean deleteCollection() {
    return collection.delete();
  }

  /**
   * {@inheritDoc}
   *
   * <p>One {@code IndexFaces} call, reporting every face it saw with the details of {@code
   * DetectionAttributes=ALL}. With the Users API, {@link #associate} then makes {@code CreateUser}
   * (an existing user is fine) and {@code AssociateFaces} with {@code UserMatchThreshold=0}. That threshold switches off
   * Rekognition's own check that a new face resembles the user's other faces (75 by default): core
   * has already matched the selfie under its policy (ID photo, duplicate search), and a second,
   * uncalibrated gate would refuse a user's legitimately different new photo. The face fails only
   * if {@code AssociateFaces} names it as unsuccessful; an entry naming another face does not.
   * Nothing is undone on a failure: see the class comment.
   */
  @Override
  public IndexResult index(UserId user, FaceImage image) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(image, "image");
    IndexFacesResponse response = collection.call("IndexFaces", () -> client.indexFaces(r -> r
        .collectionId(collectionId).image(RekognitionMapping.image(image))
        .externalImageId(RekognitionIds.externalImageId(user, image)).maxFaces(1)
        .qualityFilter(qualityFilter).detectionAttributes(RekognitionMapping.GATE_ATTRIBUTES)));
    var record = response.faceRecords().isEmpty() ? null : response.faceRecords().get(0);
    if (record == null || record.face() == null || record.face().faceId() == null) {
      Set<QualityIssue> reasons = RekognitionMapping.notIndexedReasons(response.unindexedFaces());
      LOG.debug("No face indexed [provider=rekognition, collection={}, reasons={}]", collectionId, reasons);
      return IndexResult.notIndexed(reasons)
          .withProbeFaces(RekognitionMapping.indexedImageFaces(response, image.width(), image.height()));
    }
    IndexedFace.Builder indexed = IndexedFace.builder().from(collection.indexedFace(record.face(), user,
        response.faceModelVersion()));
    if (record.faceDetail() != null && record.faceDetail().boundingBox() != null) {
      indexed.face(RekognitionMapping.face(record.faceDetail(), image.width(), image.height()));
    }
    LOG.debug("Indexed face [provider=rekognition, collection={}, faceId={}, requestId={}]",
        collectionId, record.face().faceId(), AwsExceptionTranslator.requestId(response));
    return IndexResult.of(indexed.build())
        .withProbeFaces(RekognitionMapping.indexedImageFaces(response, image.width(), image.height()));
  }

  /** {@inheritDoc} With the Users API: {@code AssociateFaces} ({@code CreateUser} first if not prepared; see {@link #index}). */
  @Override
  public void associate(UserId user, FaceId faceId) {
    mode.associate(Objects.requireNonNull(user, "user"), Objects.requireNonNull(faceId, "faceId").value());
  }

  /** {@inheritDoc} With the Users API: {@code CreateUser}. */
  @Override
  public void prepare(UserId user) {
    mode.prepare(Objects.requireNonNull(user, "user"));
  }

  /** {@inheritDoc} With the Users API: {@code DeleteUser} when {@code ListFaces} by the user lists none. */
  @Override
  public void release(UserId user) {
    mode.release(Objects.requireNonNull(user, "user"));
  }

  /** {@inheritDoc} {@code SearchFacesByImage} in either mode: faces count once indexed, associated or not. */
  @Override
  public SearchResult searchFaces(FaceImage probe, int maxUsers) {
    return faces.searchOrNone(Objects.requireNonNull(probe, "probe"), maxUsers);
  }

  /** {@inheritDoc} Users API: {@link FaceFact#EVERY_FACE} (AWS documents box and confidence); faces only: none. */
  @Override
  public Set<FaceFact> searchReports() {
    return mode.searchReports();
  }

  /** {@inheritDoc} Every fact: {@code IndexFaces} with {@code DetectionAttributes=ALL} describes each face. */
  @Override
  public Set<FaceFact> indexReports() {
    return EnumSet.allOf(FaceFact.class);
  }

  /** {@inheritDoc} Not with the Users API: {@code SearchUsersByImage} names users only. */
  @Override
  public boolean searchNamesFaces() {
    return mode instanceof IndexMode.Faces;
  }

  @Override
  public SearchResult search(FaceImage probe, int maxUsers) {
    return mode.searchOrNone(Objects.requireNonNull(probe, "probe"), maxUsers);
  }

  /**
   * {@inheritDoc}
   *
   * <p>With the Users API, the faces associated with the user's Rekognition user ({@code ListFaces}
   * with a {@code UserId}): exactly the faces a user search can match. Without it, the whole
   * collection is listed and the user's faces are picked by their {@code ExternalImageId}.
   */
  @Override
  public List<IndexedFace> listFaces(UserId user) {
    Objects.requireNonNull(user, "user");
    try (Stream<Face> faces = mode.candidates(user)) {
      return faces.filter(face -> collection.owner(face).filter(user::equals).isPresent())
          .map(face -> collection.indexedFace(face, user, null)).toList();
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Lists the collection without a filter, lazily with the SDK's paginator (the first page
   * before this returns). Each face's owner is read from its {@code ExternalImageId}, so faces
   * indexed but never associated (a failed registration) are reported too.
   */
  @Override
  public Stream<IndexedFace> listAllFaces() {
    return collection.faces(r -> {})
        .flatMap(face -> collection.owner(face).map(user -> collection.indexedFace(face, user, null)).stream());
  }

  /**
   * {@inheritDoc}
   *
   * <p>Lists the named faces with {@code ListFaces} by {@code FaceIds} and keeps the user's (never a
   * foreign face); with the Users API then deletes the Rekognition user if no other face stays
   * associated with it, or disassociates the named faces; finally deletes the faces. A face
   * Rekognition reports as not found counts as already deleted. Both calls are read per face: a
   * face left associated or not deleted is named with Rekognition's reasons in the {@link
   * ProviderException} thrown once every other face is deleted.
   */
  @Override
  public Set<FaceId> deleteFaces(UserId user, Collection<FaceId> faceIds) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(faceIds, "faceIds");
    List<String> named = faceIds.stream().map(FaceId::value).distinct()
        .filter(id -> RekognitionIds.UUID.matcher(id).matches()).toList();
    List<Face> owned = new ArrayList<>();
    for (List<String> batch : RekognitionCollection.batches(named, deleteBatch)) {
      try (Stream<Face> faces = collection.faces(r -> r.faceIds(batch))) {
        faces.filter(f -> batch.contains(f.faceId()))
            .filter(f -> collection.owner(f).filter(user::equals).isPresent())
            .forEach(owned::add);
      }
    }
    if (owned.isEmpty()) {
      return Set.of();
    }
    // Faces DisassociateFaces left associated are not sent to DeleteFaces, which would refuse them.
    Map<String, List<String>> failed = new LinkedHashMap<>(mode.detach(user, owned));
    String operation = failed.isEmpty() ? "DeleteFaces" : "DisassociateFaces";
    Set<FaceId> deleted = new LinkedHashSet<>();
    List<String> deletable = owned.stream().map(Face::faceId).filter(id -> !failed.containsKey(id)).toList();
    for (List<String> batch : RekognitionCollection.batches(deletable, deleteBatch)) {
      var response = collection.call("DeleteFaces",
          () -> client.deleteFaces(r -> r.collectionId(collectionId).faceIds(batch)));
      response.deletedFaces().forEach(id -> deleted.add(FaceId.of(id)));
      response.unsuccessfulFaceDeletions().stream() // per face; FACE_NOT_FOUND is deleted already
          .filter(f -> !f.reasonsAsStrings().equals(List.of("FACE_NOT_FOUND")))
          .forEach(f -> failed.put(f.faceId(), f.reasonsAsStrings()));
    }
    if (!failed.isEmpty()) {
      throw new ProviderException(ProviderException.Kind.REJECTED, RekognitionMapping.PROVIDER, operation, null,
          failed.size() + " face(s) of " + user + " in " + collection.resource() + " could not be deleted, "
              + deleted.size() + " other(s) were: " + failed, null);
    }
    LOG.debug("Deleted faces [provider=rekognition, collection={}, deleted={}]", collectionId, deleted.size());
    return Set.copyOf(deleted);
  }

  /**
   * {@inheritDoc}
   *
   * @return {@link Consistency#EVENTUAL} with the Users API, {@link Consistency#READ_AFTER_WRITE}
   *     without it (see the class comment)
   */
  @Override
  public Consistency consistency() {
    return mode.consistency();
  }

  /** Builds a {@link RekognitionFaceIndex}. Not thread-safe. */
  public static final class Builder {
    private @Nullable RekognitionClient client;
    private @Nullable String collectionId;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private QualityFilter qualityFilter = QualityFilter.NONE;
    private boolean usersApi = true;
    private int deleteBatch = 4096; // the most faces DeleteFaces, ListFaces by FaceIds take
    private int associateBatch = 100; // the most faces (Dis)AssociateFaces take

    private Builder() {}

    /** Lowers the batch sizes of DeleteFaces and DisassociateFaces, so tests see batching. */
    Builder batchSizes(int deleteBatch, int associateBatch) {
      this.deleteBatch = deleteBatch;
      this.associateBatch = associateBatch;
      return this;
    }

    /**
     * Uses this client, configured as you like (region, credentials, endpoint, HTTP client,
     * retries). Required. The index never closes it.
     *
     * @param client the client
     * @return this builder
     */
    public Builder rekognitionClient(RekognitionClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Sets the collection's id. Required.
     *
     * @param collectionId 1-255 characters of {@code [a-zA-Z0-9_.\-]}
     * @return this builder
     * @throws IllegalArgumentException if the id is not a valid collection id
     */
    public Builder collectionId(String collectionId) {
      this.collectionId = RekognitionIds.validCollectionId(collectionId);
      return this;
    }

    /**
     * Adds a tag that {@link RekognitionFaceIndex#createCollection()} puts on a new collection.
     *
     * @param key the tag key
     * @param value the tag value
     * @return this builder
     */
    public Builder tag(String key, String value) {
      tags.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Adds tags that {@link RekognitionFaceIndex#createCollection()} puts on a new collection.
     *
     * @param tags the tags
     * @return this builder
     */
    public Builder tags(Map<String, String> tags) {
      tags.forEach(this::tag);
      return this;
    }

    /**
     * Sets the {@code QualityFilter} of {@code IndexFaces}; {@code NONE} unless set, so core's
     * quality gate is the only one. Another filter is a second gate: a face it refuses comes back
     * as not indexed, with its reasons mapped to {@link QualityIssue}s.
     *
     * @param qualityFilter the filter
     * @return this builder
     */
    public Builder qualityFilter(QualityFilter qualityFilter) {
      this.qualityFilter = Objects.requireNonNull(qualityFilter, "qualityFilter");
      return this;
    }

    /**
     * Sets whether Rekognition's Users API is used (the default). Without it the index works on
     * faces and {@code SearchFacesByImage} alone, and {@link RekognitionFaceIndex#listFaces} pages
     * through the whole collection: use it for small collections or collections made without
     * users. Keep one setting per collection.
     *
     * @param usersApi {@code true} to use the Users API
     * @return this builder
     */
    public Builder usersApi(boolean usersApi) {
      this.usersApi = usersApi;
      return this;
    }

    /**
     * Builds the index.
     *
     * @return the index
     * @throws IllegalStateException if the client or the collection id is missing
     */
    public RekognitionFaceIndex build() {
      if (client == null || collectionId == null) {
        throw new IllegalStateException(
            "RekognitionFaceIndex.builder() needs rekognitionClient(...) and collectionId(...)");
      }
      return new RekognitionFaceIndex(this, client);
    }
  }
}
