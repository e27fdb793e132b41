package io.github.idvkit.testkit;

import io.github.idvkit.ConfigurationException;
import io.github.idvkit.DetectedFace;
import io.github.idvkit.FaceId;
import io.github.idvkit.FaceImage;
import io.github.idvkit.QualityIssue;
import io.github.idvkit.Similarity;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.CollectionInfo;
import io.github.idvkit.spi.Consistency;
import io.github.idvkit.spi.FaceFact;
import io.github.idvkit.spi.FaceIndex;
import io.github.idvkit.spi.FaceMatch;
import io.github.idvkit.spi.IndexResult;
import io.github.idvkit.spi.IndexedFace;
import io.github.idvkit.spi.SearchResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link FaceIndex} in memory, for {@link TestFaces} images: faces are the identities the images
 * declare, scored as {@link FakeFaceComparer} scores them.
 *
 * <pre>{@code
 * InMemoryFaceIndex index = InMemoryFaceIndex.create();        // the collection exists
 * IndexResult indexed = index.index(UserId.of("alice"), TestFaces.subject("alice").image(1));
 * SearchResult found = index.search(TestFaces.subject("alice").image(2), 5);
 * }</pre>
 *
 * <p>Indexing stores the largest face; like Rekognition's {@code IndexFaces}, indexing the same
 * image again stores another face. Face ids are UUIDs, fixed by the collection id and the order of indexing, so a test
 * sees the same ids on every run. A search reports every face it saw in the probe, with {@link
 * SearchResult#probeFacesComplete()} set, each with a box and a confidence only (as AWS documents
 * {@code SearchUsersByImage}); indexing reports every face with every fact the fake detector
 * measures (as {@code IndexFaces} with {@code DetectionAttributes=ALL}). {@link
 * Builder#searchReports} and {@link Builder#indexReports} change what each reports.
 *
 * <p>Thread-safe. Operations for {@link Faults}: {@code "describeCollection"}, {@code
 * "createCollection"}, {@code "deleteCollection"}, {@code "index"}, {@code "search"}, {@code
 * "listFaces"}, {@code "listAllFaces"}, {@code "deleteFaces"}; {@code describeCollection}, {@code
 * search} and {@code listFaces} are reads for {@link Faults#lag(int)}, {@code index} and {@code
 * deleteFaces} writes. Once a lag has been set, {@link #consistency()} says {@link
 * Consistency#EVENTUAL} for good: writes made under it may still be invisible after a clear.
 *
 * <p>{@link Builder#userLevelSearch(boolean)} makes searches answer as Rekognition's {@code
 * SearchUsersByImage} does: matches name users, not faces. {@link #addForeignFace} puts a face into
 * the collection that idv did not write, as another application sharing the collection would.
 */
public final class InMemoryFaceIndex implements FaceIndex, ScriptableFake {

  /** The collection id of {@link #create()}. */
  public static final String DEFAULT_COLLECTION_ID = "idv-test";

  private static final Logger LOG = LoggerFactory.getLogger(InMemoryFaceIndex.class);

  private record StoredFace(IndexedFace indexed, SeenFace seen, String imageKey) {}

  private final PortScript script =
      new PortScript(
          FakeFaceDetector.PROVIDER,
          "InMemoryFaceIndex",
          Set.of(
              "describeCollection",
              "createCollection",
              "deleteCollection",
              "index",
              "prepare",
              "associate",
              "release",
              "search",
              "searchFaces",
              "listFaces",
              "deleteFaces"));
  private final String collectionId;
  private final String modelVersion;
  private final LaggingMap<FaceId, StoredFace> faces = new LaggingMap<>();
  private final Map<FaceId, SeenFace> foreign = new LinkedHashMap<>();
  /** With a user-level search: the faces {@link #associate} made count in {@link #search}. */
  private final Set<FaceId> associated = new LinkedHashSet<>();
  /** With a user-level search: the users {@link #prepare} or {@link #associate} made, as Rekognition's. */
  private final Set<UserId> users = new LinkedHashSet<>();
  private final boolean userLevelSearch;
  private final Set<FaceFact> searchReports;
  private final Set<FaceFact> indexReports;
  private boolean exists;
  private long sequence;

  private InMemoryFaceIndex(Builder builder) {
    this.collectionId = builder.collectionId;
    this.modelVersion = builder.modelVersion;
    this.exists = builder.collectionExists;
    this.userLevelSearch = builder.userLevelSearch;
    this.searchReports = Set.copyOf(builder.searchReports);
    this.indexReports = Set.copyOf(builder.indexReports);
  }

  /**
   * Returns an index whose collection, {@value #DEFAULT_COLLECTION_ID}, exists.
   *
   * @return the index
   */
  public static InMemoryFaceIndex create() {
    return builder().build();
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Optional<CollectionInfo> describeCollection() {
    return script.read("describeCollection", List.of(), read -> {
      synchronized (this) {
        return exists ? Optional.of(info(faces.visibleValues(read).size())) : Optional.empty();
      }
    });
  }

  @Override
  public CollectionInfo createCollection() {
    return script.compute("createCollection", List.of(), () -> {
      synchronized (this) {
        if (!exists) {
          exists = true;
          LOG.debug("Created collection [collectionId={}]", collectionId);
        }
        return info(faces.latestValues().size());
      }
    });
  }

  @Override
  public boolean deleteCollection() {
    return script.compute("deleteCollection", List.of(), () -> {
      synchronized (this) {
        boolean existed = exists;
        exists = false;
        faces.clear();
        foreign.clear();
        associated.clear();
        users.clear();
        return existed;
      }
    });
  }

  /**
   * {@inheritDoc}
   *
   * @throws io.github.idvkit.InvalidImageException if the image cannot be decoded
   */
  @Override
  public IndexResult index(UserId user, FaceImage image) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(image, "image");
    return script.write("index", List.of(user, image), visibleFrom -> {
      synchronized (this) {
        requireCollection("index");
      }
      List<SeenFace> seen = SeenFace.in(image);
      List<DetectedFace> reported = reported(seen, indexReports);
      if (seen.isEmpty()) {
        return reportFaces(IndexResult.notIndexed(Set.of(QualityIssue.NO_FACE)), reported, indexReports);
      }
      String imageKey = user.value() + '\n' + image.sha256();
      synchronized (this) {
        requireCollection("index");
        FaceId faceId = nextFaceId();
        IndexedFace indexed =
            IndexedFace.builder()
                .faceId(faceId)
                .userId(user)
                .provider(FakeFaceDetector.PROVIDER)
                .collectionId(collectionId)
                .modelVersion(modelVersion)
                .face(reported.get(0))
                .build();
        faces.put(faceId, new StoredFace(indexed, seen.get(0), imageKey), visibleFrom);
        LOG.debug("Indexed face [faceId={}, collectionId={}]", faceId, collectionId);
        return reportFaces(IndexResult.of(indexed), reported, indexReports);
      }
    });
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if {@code maxUsers} is less than 1
   * @throws io.github.idvkit.InvalidImageException if the image cannot be decoded
   */
  @Override
  public SearchResult search(FaceImage probe, int maxUsers) {
    return search("search", probe, maxUsers, !userLevelSearch);
  }

  /**
   * {@inheritDoc} Operation {@code "searchFaces"}: every face counts once indexed, associated or
   * not, and every match names its face.
   */
  @Override
  public SearchResult searchFaces(FaceImage probe, int maxUsers) {
    return search("searchFaces", probe, maxUsers, true);
  }

  /**
   * {@inheritDoc} With {@link Builder#userLevelSearch(boolean) userLevelSearch(true)} a face counts
   * in {@link #search} only once associated, as with Rekognition's Users API; otherwise this does
   * nothing. Operation {@code "associate"}, a write.
   */
  @Override
  public void associate(UserId user, FaceId faceId) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(faceId, "faceId");
    script.write("associate", List.of(user, faceId), visibleFrom -> {
      synchronized (this) {
        requireCollection("associate");
        if (userLevelSearch) {
          users.add(user);
          associated.add(faceId);
        }
        return Boolean.TRUE;
      }
    });
  }

  /**
   * {@inheritDoc} With {@link Builder#userLevelSearch(boolean) userLevelSearch(true)} it creates the
   * user, as Rekognition's {@code CreateUser} does ({@link #users()}); otherwise this does nothing.
   * Operation {@code "prepare"}, a write.
   */
  @Override
  public void prepare(UserId user) {
    Objects.requireNonNull(user, "user");
    script.write("prepare", List.of(user), visibleFrom -> {
      synchronized (this) {
        requireCollection("prepare");
        if (userLevelSearch) {
          users.add(user);
        }
        return Boolean.TRUE;
      }
    });
  }

  /**
   * {@inheritDoc} Removes the user of {@link #users()} if none of its faces is left. Operation
   * {@code "release"}, a write.
   */
  @Override
  public void release(UserId user) {
    Objects.requireNonNull(user, "user");
    script.write("release", List.of(user), visibleFrom -> {
      synchronized (this) {
        requireCollection("release");
        dropIfEmpty(user);
        return Boolean.TRUE;
      }
    });
  }

  /**
   * Returns the users that exist apart from their faces, as Rekognition's users do: made by {@link
   * #prepare} or {@link #associate} on an index with {@link Builder#userLevelSearch(boolean)
   * userLevelSearch(true)}, gone with their last face or by {@link #release}. Empty otherwise.
   *
   * @return the users
   */
  public synchronized Set<UserId> users() {
    return Set.copyOf(users);
  }

  private void dropIfEmpty(UserId user) {
    boolean holdsAFace = faces.latestValues().stream().anyMatch(face -> face.indexed().userId().equals(user));
    if (!holdsAFace) {
      users.remove(user);
    }
  }

  private SearchResult search(String operation, FaceImage probe, int maxUsers, boolean namesFaces) {
    Objects.requireNonNull(probe, "probe");
    if (maxUsers < 1) {
      throw new IllegalArgumentException("maxUsers must be at least 1, got " + maxUsers);
    }
    return script.read(operation, List.of(probe, maxUsers), read -> {
      List<StoredFace> candidates;
      synchronized (this) {
        requireCollection(operation);
        candidates = faces.visibleValues(read);
        if (userLevelSearch && !namesFaces) {
          candidates = candidates.stream().filter(face -> associated.contains(face.indexed().faceId())).toList();
        }
      }
      List<SeenFace> seen = SeenFace.in(probe);
      SearchResult.Builder result =
          SearchResult.builder().modelVersion(modelVersion);
      if (searchReports.contains(FaceFact.EVERY_FACE)) {
        result.probeFaces(reported(seen, searchReports)).probeFacesComplete(true);
      }
      if (seen.isEmpty()) {
        return result.build();
      }
      Map<UserId, FaceMatch> best = new LinkedHashMap<>();
      for (StoredFace candidate : candidates) {
        Similarity similarity = seen.get(0).similarityTo(candidate.seen());
        UserId user = candidate.indexed().userId();
        FaceMatch current = best.get(user);
        if (current == null || similarity.compareTo(current.similarity()) > 0) {
          FaceMatch.Builder match = FaceMatch.builder().userId(user).similarity(similarity);
          if (namesFaces) {
            match.faceId(candidate.indexed().faceId());
          }
          best.put(user, match.build());
        }
      }
      List<FaceMatch> matches = new ArrayList<>(best.values());
      matches.sort(Comparator.comparing(FaceMatch::similarity).reversed());
      List<FaceMatch> top = matches.subList(0, Math.min(maxUsers, matches.size()));
      LOG.debug("Searched faces [probeFaces={}, matches={}]", seen.size(), top.size());
      return result.matches(top).build();
    });
  }

  @Override
  public List<IndexedFace> listFaces(UserId user) {
    Objects.requireNonNull(user, "user");
    return script.read("listFaces", List.of(user), read -> {
      synchronized (this) {
        requireCollection("listFaces");
        return faces.visibleValues(read).stream()
            .map(StoredFace::indexed)
            .filter(face -> face.userId().equals(user))
            .toList();
      }
    });
  }

  @Override
  public Stream<IndexedFace> listAllFaces() {
    return script.read("listAllFaces", List.of(), read -> {
      synchronized (this) {
        requireCollection("listAllFaces");
        return faces.visibleValues(read).stream().map(StoredFace::indexed).toList().stream();
      }
    });
  }

  @Override
  public boolean searchNamesFaces() {
    return !userLevelSearch;
  }

  @Override
  public Set<FaceFact> searchReports() {
    return searchReports;
  }

  @Override
  public Set<FaceFact> indexReports() {
    return indexReports;
  }

  /** The faces as this index reports them: only the facts it declares, nothing kinder. */
  private static List<DetectedFace> reported(List<SeenFace> seen, Set<FaceFact> facts) {
    return seen.stream().map(face -> only(face.detected(), facts)).toList();
  }

  private static IndexResult reportFaces(IndexResult result, List<DetectedFace> faces, Set<FaceFact> facts) {
    return facts.contains(FaceFact.EVERY_FACE) ? result.withProbeFaces(faces) : result;
  }

  private static DetectedFace only(DetectedFace face, Set<FaceFact> facts) {
    DetectedFace.Builder kept =
        DetectedFace.builder().box(face.box()).confidence(face.confidence()).sizePixels(face.sizePixels());
    if (facts.contains(FaceFact.BRIGHTNESS)) {
      face.brightness().ifPresent(kept::brightness);
    }
    if (facts.contains(FaceFact.SHARPNESS)) {
      face.sharpness().ifPresent(kept::sharpness);
    }
    if (facts.contains(FaceFact.POSE)) {
      face.pose().ifPresent(kept::pose);
    }
    if (facts.contains(FaceFact.EYES_OPEN)) {
      face.eyesOpen().ifPresent(kept::eyesOpen);
    }
    if (facts.contains(FaceFact.SUNGLASSES)) {
      face.sunglasses().ifPresent(kept::sunglasses);
    }
    if (facts.contains(FaceFact.OCCLUSION)) {
      face.occluded().ifPresent(kept::occluded);
    }
    return kept.build();
  }

  @Override
  public Consistency consistency() {
    return faults().everLagged() ? Consistency.EVENTUAL : Consistency.READ_AFTER_WRITE;
  }

  /**
   * Puts a face into the collection that idv did not write, as another application sharing the
   * collection would (a Rekognition face whose {@code ExternalImageId} is {@code image1.jpg}). The
   * port must never report it as anyone's face, nor delete it. Records no call.
   *
   * @param image an image with a face
   * @return the foreign face's id
   */
  public synchronized FaceId addForeignFace(FaceImage image) {
    Objects.requireNonNull(image, "image");
    requireCollection("addForeignFace");
    List<SeenFace> seen = SeenFace.in(image);
    if (seen.isEmpty()) {
      throw new IllegalArgumentException("A foreign face needs an image with a face");
    }
    FaceId faceId = nextFaceId();
    foreign.put(faceId, seen.get(0));
    return faceId;
  }

  /**
   * Returns the ids of the foreign faces still in the collection ({@link #addForeignFace}).
   *
   * @return the ids
   */
  public synchronized Set<FaceId> foreignFaces() {
    return Set.copyOf(foreign.keySet());
  }

  @Override
  public Set<FaceId> deleteFaces(UserId user, Collection<FaceId> faceIds) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(faceIds, "faceIds");
    return script.write("deleteFaces", List.of(user, faceIds), visibleFrom -> {
      synchronized (this) {
        requireCollection("deleteFaces");
        Set<FaceId> deleted = new LinkedHashSet<>();
        for (FaceId faceId : faceIds) {
          Optional<StoredFace> stored = faces.latest(faceId);
          if (stored.isPresent() && stored.get().indexed().userId().equals(user)) {
            faces.remove(faceId, visibleFrom);
            associated.remove(faceId);
            deleted.add(faceId);
          }
        }
        if (!deleted.isEmpty()) {
          dropIfEmpty(user); // the port deletes a user whose last face goes (DeleteUser)
        }
        LOG.debug("Deleted faces [faceIds={}]", deleted);
        return Set.copyOf(deleted);
      }
    });
  }

  /**
   * Returns every face the collection holds now, ignoring lag and faults and recording no call:
   * for assertions such as "no orphan face is left".
   *
   * @return the faces, in indexing order
   */
  public List<IndexedFace> faces() {
    return faces.latestValues().stream().map(StoredFace::indexed).toList();
  }

  /**
   * Returns the collection's id.
   *
   * @return the id
   */
  public String collectionId() {
    return collectionId;
  }

  @Override
  public Faults faults() {
    return script.faults();
  }

  @Override
  public List<Call> calls() {
    return script.calls();
  }

  @Override
  public Call takeCall() {
    return script.takeCall();
  }

  private CollectionInfo info(long faceCount) {
    return CollectionInfo.builder()
        .provider(FakeFaceDetector.PROVIDER)
        .collectionId(collectionId)
        .modelVersion(modelVersion)
        .faceCount(faceCount)
        .build();
  }

  private void requireCollection(String operation) {
    if (!exists) {
      throw new ConfigurationException(
          "The collection '" + collectionId + "' does not exist (" + operation
              + "); create it with createCollection()");
    }
  }

  private FaceId nextFaceId() {
    byte[] seed = (collectionId + '/' + (++sequence)).getBytes(StandardCharsets.UTF_8);
    return FaceId.of(UUID.nameUUIDFromBytes(seed).toString());
  }

  @Override
  public String toString() {
    return "InMemoryFaceIndex[collectionId=" + collectionId + "]";
  }

  /** Builds an {@link InMemoryFaceIndex}. Not thread-safe. */
  public static final class Builder {
    private String collectionId = DEFAULT_COLLECTION_ID;
    private String modelVersion = FakeFaceDetector.MODEL_VERSION;
    private boolean collectionExists = true;
    private boolean userLevelSearch;
    private Set<FaceFact> searchReports = EnumSet.of(FaceFact.EVERY_FACE);
    private Set<FaceFact> indexReports = EnumSet.allOf(FaceFact.class);

    private Builder() {}

    /**
     * Sets the facts a search reports about the probe's faces. By default {@link
     * FaceFact#EVERY_FACE} alone, as Rekognition documents {@code SearchUsersByImage}: every face,
     * with its box and confidence only. Facts left out are absent from the faces the search
     * reports; without {@code EVERY_FACE} it reports no faces.
     *
     * @param facts the facts
     * @return this builder
     */
    public Builder searchReports(Set<FaceFact> facts) {
      this.searchReports = EnumSet.noneOf(FaceFact.class);
      this.searchReports.addAll(facts);
      return this;
    }

    /**
     * Sets the facts indexing reports about the image's faces. By default all of them, as
     * Rekognition's {@code IndexFaces} with {@code DetectionAttributes=ALL} does; an empty set
     * makes indexing report no faces.
     *
     * @param facts the facts
     * @return this builder
     */
    public Builder indexReports(Set<FaceFact> facts) {
      this.indexReports = EnumSet.noneOf(FaceFact.class);
      this.indexReports.addAll(facts);
      return this;
    }

    /**
     * Sets whether searches name users only, without the matched face, as Rekognition's {@code
     * SearchUsersByImage} does; {@code false} by default.
     *
     * @param userLevelSearch whether matches omit the face id
     * @return this builder
     */
    public Builder userLevelSearch(boolean userLevelSearch) {
      this.userLevelSearch = userLevelSearch;
      return this;
    }

    /**
     * Sets the collection id; {@value InMemoryFaceIndex#DEFAULT_COLLECTION_ID} by default.
     *
     * @param collectionId the id
     * @return this builder
     */
    public Builder collectionId(String collectionId) {
      this.collectionId = Objects.requireNonNull(collectionId, "collectionId");
      return this;
    }

    /**
     * Sets the model version the index reports; {@value FakeFaceDetector#MODEL_VERSION} by default.
     *
     * @param modelVersion the version
     * @return this builder
     */
    public Builder modelVersion(String modelVersion) {
      this.modelVersion = Objects.requireNonNull(modelVersion, "modelVersion");
      return this;
    }

    /**
     * Sets whether the collection exists from the start; {@code true} by default. Without it,
     * every operation but {@code describeCollection} and {@code createCollection} throws a {@link
     * ConfigurationException} until the collection is created.
     *
     * @param collectionExists whether it exists
     * @return this builder
     */
    public Builder collectionExists(boolean collectionExists) {
      this.collectionExists = collectionExists;
      return this;
    }

    /**
     * Builds the index.
     *
     * @return the index
     */
    public InMemoryFaceIndex build() {
      return new InMemoryFaceIndex(this);
    }
  }
}
