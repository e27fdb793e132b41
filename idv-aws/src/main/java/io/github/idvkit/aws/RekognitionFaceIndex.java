package io.github.idvkit.aws;

import io.github.idvkit.ConfigurationException;
import io.github.idvkit.DetectedFace;
import io.github.idvkit.FaceId;
import io.github.idvkit.FaceImage;
import io.github.idvkit.IdvException;
import io.github.idvkit.ProviderException;
import io.github.idvkit.QualityIssue;
import io.github.idvkit.Similarity;
import io.github.idvkit.UserId;
import io.github.idvkit.aws.internal.AwsExceptionTranslator;
import io.github.idvkit.aws.internal.ClientFactory;
import io.github.idvkit.aws.internal.PagedStream;
import io.github.idvkit.aws.internal.RekognitionMapping;
import io.github.idvkit.spi.CollectionInfo;
import io.github.idvkit.spi.Consistency;
import io.github.idvkit.spi.FaceFact;
import io.github.idvkit.spi.FaceIndex;
import io.github.idvkit.spi.FaceMatch;
import io.github.idvkit.spi.IndexResult;
import io.github.idvkit.spi.IndexedFace;
import io.github.idvkit.spi.SearchResult;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.AssociateFacesRequest;
import software.amazon.awssdk.services.rekognition.model.AssociateFacesResponse;
import software.amazon.awssdk.services.rekognition.model.Attribute;
import software.amazon.awssdk.services.rekognition.model.ConflictException;
import software.amazon.awssdk.services.rekognition.model.CreateCollectionRequest;
import software.amazon.awssdk.services.rekognition.model.CreateUserRequest;
import software.amazon.awssdk.services.rekognition.model.DeleteCollectionRequest;
import software.amazon.awssdk.services.rekognition.model.DeleteFacesRequest;
import software.amazon.awssdk.services.rekognition.model.DeleteUserRequest;
import software.amazon.awssdk.services.rekognition.model.DescribeCollectionRequest;
import software.amazon.awssdk.services.rekognition.model.DescribeCollectionResponse;
import software.amazon.awssdk.services.rekognition.model.DetectFacesRequest;
import software.amazon.awssdk.services.rekognition.model.DisassociateFacesRequest;
import software.amazon.awssdk.services.rekognition.model.Face;
import software.amazon.awssdk.services.rekognition.model.FaceDetail;
import software.amazon.awssdk.services.rekognition.model.IndexFacesRequest;
import software.amazon.awssdk.services.rekognition.model.IndexFacesResponse;
import software.amazon.awssdk.services.rekognition.model.InvalidParameterException;
import software.amazon.awssdk.services.rekognition.model.ListFacesRequest;
import software.amazon.awssdk.services.rekognition.model.QualityFilter;
import software.amazon.awssdk.services.rekognition.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.rekognition.model.ResourceNotFoundException;
import software.amazon.awssdk.services.rekognition.model.SearchFacesByImageRequest;
import software.amazon.awssdk.services.rekognition.model.SearchFacesByImageResponse;
import software.amazon.awssdk.services.rekognition.model.SearchUsersByImageRequest;
import software.amazon.awssdk.services.rekognition.model.SearchUsersByImageResponse;
import software.amazon.awssdk.services.rekognition.model.UnindexedFace;
import software.amazon.awssdk.services.rekognition.model.UnsearchedFace;
import software.amazon.awssdk.services.rekognition.model.UserMatch;

/**
 * A {@link FaceIndex} on an Amazon Rekognition collection.
 *
 * <pre>{@code
 * try (RekognitionFaceIndex index = RekognitionFaceIndex.builder()
 *     .rekognitionClient(rekognition)
 *     .collectionId("users")
 *     .tag("app", "idv")
 *     .build()) {
 *   index.createCollection();
 *   IndexResult r = index.index(UserId.of("alice@example.com"), selfie);
 *   SearchResult s = index.search(probe, 10);
 * }
 * }</pre>
 *
 * <p>By default it uses Rekognition's Users API: each idv user is a Rekognition user ({@code
 * CreateUser}) whose faces are associated with it ({@code AssociateFaces}), so a user may have
 * several faces and {@link #search} is one {@code SearchUsersByImage} call that also reports every
 * face of the probe. Rekognition describes those faces with its default attributes only (box,
 * confidence, pose, quality; eyes, sunglasses and occlusion stay absent), and {@link
 * SearchResult#probeFacesComplete()} says the list is complete; core runs its detector only when
 * the login gate checks a fact the search did not measure.
 * With {@link Builder#usersApi(boolean) usersApi(false)} it works on faces only ({@code
 * SearchFacesByImage}, grouped per user by {@code ExternalImageId}), for collections kept
 * without users.
 *
 * <p>How it maps the port:
 *
 * <ul>
 *   <li>Rekognition ids allow only {@code [a-zA-Z0-9_.\-:]}; the user id is stored through {@link
 *       UserId#providerSafe()}. Each face's {@code ExternalImageId} is {@code <user>:x<32 hex>}
 *       (the user, then a digest of the image); each Rekognition {@code UserId} idv creates is
 *       {@code <user>:u}. The provider-safe form never holds {@code ':'} followed by a lower-case
 *       letter, so both are read back unambiguously.
 *   <li>What idv did not write is foreign: a face whose {@code ExternalImageId} is not in that
 *       form (a file name such as {@code image1.jpg}, as other applications and AWS's own examples
 *       use), or a Rekognition user without the {@code :u} mark, is never reported as any user's
 *       by {@link #search}, {@link #listFaces} or {@link #listAllFaces}, and never deleted; a face
 *       of idv's associated with a user other than its own is foreign too.
 *   <li>{@code IndexFaces} sends {@code MaxFaces=1} (Rekognition keeps the largest face), the
 *       configured {@code QualityFilter} and {@code DetectionAttributes=ALL}; reasons for an
 *       unindexed face become {@link QualityIssue}s. Every call indexes a new face: a registration
 *       intent in core, not the index, makes a retry of one registration reuse its face.
 *   <li>Searches and associations apply no threshold ({@code UserMatchThreshold=0}, {@code
 *       FaceMatchThreshold=0}, {@code QualityFilter=NONE}); core decides.
 *   <li>{@code ListFaces} is followed across pages; {@link #listAllFaces} pages lazily with the
 *       SDK's paginator. {@code DeleteFaces} runs in batches of at most 4096, {@code
 *       DisassociateFaces} of at most 100. Deleting a user's last face deletes the Rekognition
 *       user, so {@code forget} leaves nothing behind.
 * </ul>
 *
 * <p>Failures: the index undoes nothing itself (core's registration owns the undo, through its
 * intent), and when {@link #index} throws, core does not learn the face id. What may stay behind:
 * a face a failed {@code IndexFaces} stored anyway (the reply was lost); with the Users API, a face
 * a failed {@code CreateUser} or {@code AssociateFaces} left associated with no user (searchable by
 * no user), or associated after all (an {@code AssociateFaces} whose reply was lost: a user search
 * then matches the user, and core's fail-closed check sees the unrecorded face in {@link
 * #listFaces}); and an empty Rekognition user. Without the Users API a face search finds a
 * leftover face with its face id, which core checks against its records. {@link #listAllFaces}
 * reports every such face, its user read from the {@code ExternalImageId}, so a reconciliation
 * finds them, and {@link #deleteFaces} deletes them like any other face of the user (and the
 * Rekognition user once no face is associated with it).
 *
 * <p>Consistency ({@link #consistency()}): with the Users API, {@link Consistency#EVENTUAL}.
 * Rekognition applies {@code AssociateFaces} asynchronously (the user is {@code UPDATING} while
 * associations are "taking place", as the API reference puts it), so a user search may miss a face
 * for a moment after {@link #index} returns. Without it, {@link Consistency#READ_AFTER_WRITE}:
 * {@code SearchFacesByImage} searches the faces {@code IndexFaces} stored, with no association in
 * between. Local tests see both at once.
 *
 * <p>Thread-safe. Closes its client only if it created it.
 */
public final class RekognitionFaceIndex implements FaceIndex, AutoCloseable {

  /** The most faces {@code DeleteFaces} accepts per call. */
  static final int DELETE_BATCH = 4096;

  /** The most faces {@code AssociateFaces} and {@code DisassociateFaces} accept per call. */
  static final int ASSOCIATE_BATCH = 100;

  private static final Logger LOG = LoggerFactory.getLogger(RekognitionFaceIndex.class);
  private static final String DIGEST_MARK = ":x";
  private static final String USER_MARK = ":u";
  private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern REKOGNITION_FACE_ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern COLLECTION_ID = Pattern.compile("[a-zA-Z0-9_.\\-]{1,255}");

  private final RekognitionClient client;
  private final boolean ownsClient;
  private final String collectionId;
  private final Map<String, String> tags;
  private final QualityFilter qualityFilter;
  private final boolean usersApi;
  private final int deleteBatch;
  private final int associateBatch;
  private final String resource;
  private final AtomicBoolean closed = new AtomicBoolean();

  RekognitionFaceIndex(Builder b, RekognitionClient client, boolean ownsClient) {
    this.client = client;
    this.ownsClient = ownsClient;
    this.collectionId = Objects.requireNonNull(b.collectionId, "collectionId");
    this.tags = Map.copyOf(b.tags);
    this.qualityFilter = b.qualityFilter;
    this.usersApi = b.usersApi;
    this.deleteBatch = b.deleteBatch;
    this.associateBatch = b.associateBatch;
    this.resource = "collection '" + collectionId + "'";
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
    try {
      DescribeCollectionResponse response =
          client.describeCollection(
              DescribeCollectionRequest.builder().collectionId(collectionId).build());
      return Optional.of(info(response));
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      throw translate(e, "DescribeCollection");
    }
  }

  /**
   * Creates the collection, with the builder's tags, unless it exists; an existing collection is
   * left as it is (its tags are not changed).
   *
   * @return the collection
   * @throws ConfigurationException if access is denied
   * @throws ProviderException if Rekognition fails
   */
  @Override
  public CollectionInfo createCollection() {
    try {
      client.createCollection(
          CreateCollectionRequest.builder().collectionId(collectionId).tags(tags).build());
      LOG.debug("Created collection [provider=rekognition, collection={}]", collectionId);
    } catch (ResourceAlreadyExistsException e) {
      LOG.debug("Collection exists [provider=rekognition, collection={}]", collectionId);
    } catch (RuntimeException e) {
      throw translate(e, "CreateCollection");
    }
    return describeCollection()
        .orElseThrow(
            () ->
                new ProviderException(
                    ProviderException.Kind.UNAVAILABLE,
                    RekognitionMapping.PROVIDER,
                    "DescribeCollection",
                    null,
                    resource + " was created but cannot be described yet; try again",
                    null));
  }

  @Override
  public boolean deleteCollection() {
    try {
      client.deleteCollection(DeleteCollectionRequest.builder().collectionId(collectionId).build());
      LOG.debug("Deleted collection [provider=rekognition, collection={}]", collectionId);
      return true;
    } catch (ResourceNotFoundException e) {
      return false;
    } catch (RuntimeException e) {
      throw translate(e, "DeleteCollection");
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>One {@code IndexFaces} call; with the Users API then {@code CreateUser} (an existing user is
   * fine) and {@code AssociateFaces}. On a failure nothing is undone: see the class comment for
   * what may stay behind and how it is found.
   */
  @Override
  public IndexResult index(UserId user, FaceImage image) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(image, "image");
    IndexFacesRequest request =
        IndexFacesRequest.builder()
            .collectionId(collectionId)
            .image(RekognitionMapping.image(image))
            .externalImageId(externalImageId(user, image))
            .maxFaces(1)
            .qualityFilter(qualityFilter)
            .detectionAttributes(Attribute.ALL)
            .build();
    IndexFacesResponse response = call("IndexFaces", () -> client.indexFaces(request));
    if (response.faceRecords().isEmpty()
        || response.faceRecords().get(0).face() == null
        || response.faceRecords().get(0).face().faceId() == null) {
      Set<QualityIssue> reasons = notIndexedReasons(response.unindexedFaces());
      LOG.debug(
          "No face indexed [provider=rekognition, collection={}, reasons={}]",
          collectionId,
          reasons);
      return IndexResult.notIndexed(reasons).withProbeFaces(probeFaces(response, image));
    }
    var record = response.faceRecords().get(0);
    String faceId = record.face().faceId();
    IndexedFace.Builder indexed =
        IndexedFace.builder()
            .faceId(FaceId.of(faceId))
            .userId(user)
            .provider(RekognitionMapping.PROVIDER)
            .collectionId(collectionId);
    if (response.faceModelVersion() != null) {
      indexed.modelVersion(response.faceModelVersion());
    }
    if (record.faceDetail() != null && record.faceDetail().boundingBox() != null) {
      indexed.face(RekognitionMapping.face(record.faceDetail(), image.width(), image.height()));
    }
    LOG.debug(
        "Indexed face [provider=rekognition, collection={}, faceId={}, requestId={}]",
        collectionId,
        faceId,
        AwsExceptionTranslator.requestId(response));
    return IndexResult.of(indexed.build()).withProbeFaces(probeFaces(response, image));
  }

  /**
   * Every face {@code IndexFaces} saw, largest first: the indexed one and the unindexed ones
   * ({@code MaxFaces=1} leaves every other face in {@code UnindexedFaces}, with its details),
   * each with the {@code DetectionAttributes=ALL} facts.
   */
  private static List<DetectedFace> probeFaces(IndexFacesResponse response, FaceImage image) {
    List<FaceDetail> details = new ArrayList<>();
    response.faceRecords().forEach(record -> details.add(record.faceDetail()));
    response.unindexedFaces().forEach(face -> details.add(face.faceDetail()));
    return RekognitionMapping.faces(details.stream().filter(Objects::nonNull).toList(), image.width(), image.height());
  }

  /**
   * {@inheritDoc}
   *
   * @return {@code false} with the Users API ({@code SearchUsersByImage} names users only)
   */
  @Override
  public boolean searchNamesFaces() {
    return !usersApi;
  }

  /**
   * {@inheritDoc}
   *
   * @return with the Users API, {@link FaceFact#EVERY_FACE}: {@code SearchUsersByImage} reports
   *     the searched face and every unsearched one, and AWS documents a box and a confidence for
   *     the searched face, nothing more; faces only, none ({@code SearchFacesByImage} reports the
   *     largest face alone)
   */
  @Override
  public Set<FaceFact> searchReports() {
    return usersApi ? EnumSet.of(FaceFact.EVERY_FACE) : EnumSet.noneOf(FaceFact.class);
  }

  /**
   * {@inheritDoc}
   *
   * @return every fact: {@code IndexFaces} with {@code DetectionAttributes=ALL} describes the
   *     indexed face and every unindexed one as {@code DetectFaces} does
   */
  @Override
  public Set<FaceFact> indexReports() {
    return EnumSet.allOf(FaceFact.class);
  }

  private static Set<QualityIssue> notIndexedReasons(List<UnindexedFace> unindexed) {
    if (unindexed.isEmpty()) {
      return EnumSet.of(QualityIssue.NO_FACE);
    }
    // Rekognition keeps only the largest face (MaxFaces=1); report why that one was refused.
    UnindexedFace largest =
        unindexed.stream()
            .filter(f -> f.faceDetail() != null && f.faceDetail().boundingBox() != null)
            .max(Comparator.comparingDouble(f -> area(f.faceDetail())))
            .orElse(unindexed.get(0));
    Set<QualityIssue> reasons = RekognitionMapping.reasons(largest.reasons());
    reasons.remove(QualityIssue.MULTIPLE_FACES);
    return reasons.isEmpty() ? EnumSet.of(QualityIssue.LOW_CONFIDENCE) : reasons;
  }

  private static double area(FaceDetail detail) {
    var box = detail.boundingBox();
    return box.width() == null || box.height() == null ? 0 : box.width() * (double) box.height();
  }

  private void createUser(UserId user) {
    try {
      client.createUser(
          CreateUserRequest.builder()
              .collectionId(collectionId)
              .userId(rekognitionUserId(user))
              .build());
    } catch (ConflictException e) {
      LOG.debug("Rekognition user exists [collection={}, user={}]", collectionId, user);
    } catch (RuntimeException e) {
      throw translate(e, "CreateUser");
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>With the Users API: {@code CreateUser} (an existing user is fine), then {@code
   * AssociateFaces}; without it, nothing (the face's {@code ExternalImageId} names its user).
   */
  @Override
  public void associate(UserId user, FaceId faceId) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(faceId, "faceId");
    if (usersApi) {
      createUser(user);
      associate(user, faceId.value());
    }
  }

  private void associate(UserId user, String faceId) {
    AssociateFacesRequest request =
        AssociateFacesRequest.builder()
            .collectionId(collectionId)
            .userId(rekognitionUserId(user))
            .faceIds(faceId)
            .userMatchThreshold(0f)
            .build();
    AssociateFacesResponse response = call("AssociateFaces", () -> client.associateFaces(request));
    if (!response.unsuccessfulFaceAssociations().isEmpty()) {
      throw new ProviderException(
          ProviderException.Kind.REJECTED,
          RekognitionMapping.PROVIDER,
          "AssociateFaces",
          AwsExceptionTranslator.requestId(response),
          "face " + faceId + " could not be associated with " + user + " in " + resource + ": "
              + response.unsuccessfulFaceAssociations().get(0).reasonsAsStrings(),
          null);
    }
  }

  @Override
  public SearchResult search(FaceImage probe, int maxUsers) {
    Objects.requireNonNull(probe, "probe");
    if (maxUsers < 1) {
      throw new IllegalArgumentException("maxUsers must be at least 1, got " + maxUsers);
    }
    try {
      return usersApi ? searchUsers(probe, maxUsers) : searchFacesByImage(probe, maxUsers);
    } catch (InvalidParameterException e) {
      return noFace(probe, e, usersApi ? "SearchUsersByImage" : "SearchFacesByImage");
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>{@code SearchFacesByImage} in either mode: faces count once indexed (associated with a
   * Rekognition user or not) and every match names its face.
   */
  @Override
  public SearchResult searchFaces(FaceImage probe, int maxUsers) {
    Objects.requireNonNull(probe, "probe");
    if (maxUsers < 1) {
      throw new IllegalArgumentException("maxUsers must be at least 1, got " + maxUsers);
    }
    try {
      return searchFacesByImage(probe, maxUsers);
    } catch (InvalidParameterException e) {
      return noFace(probe, e, "SearchFacesByImage");
    }
  }

  /** Rekognition refuses a probe without a face; the contract reports no matches instead. */
  private SearchResult noFace(FaceImage probe, InvalidParameterException e, String operation) {
    List<FaceDetail> faces =
        call(
                "DetectFaces",
                () ->
                    client.detectFaces(
                        DetectFacesRequest.builder()
                            .image(RekognitionMapping.image(probe))
                            .attributes(Attribute.ALL)
                            .build()))
            .faceDetails();
    if (faces.isEmpty()) {
      LOG.debug("Searched [provider=rekognition, collection={}, probeFaces=0]", collectionId);
      return SearchResult.builder().probeFacesComplete(true).build();
    }
    throw translate(e, operation);
  }

  private SearchResult searchUsers(FaceImage probe, int maxUsers) {
    SearchUsersByImageRequest request =
        SearchUsersByImageRequest.builder()
            .collectionId(collectionId)
            .image(RekognitionMapping.image(probe))
            .maxUsers(Math.min(maxUsers, 500))
            .userMatchThreshold(0f)
            .qualityFilter(QualityFilter.NONE)
            .build();
    SearchUsersByImageResponse response;
    try {
      response = client.searchUsersByImage(request);
    } catch (InvalidParameterException e) {
      throw e;
    } catch (RuntimeException e) {
      throw translate(e, "SearchUsersByImage");
    }
    Map<UserId, FaceMatch> best = new LinkedHashMap<>();
    for (UserMatch match : response.userMatches()) {
      if (match.user() == null || match.user().userId() == null) {
        continue;
      }
      Optional<UserId> user = userOfRekognitionUser(match.user().userId());
      if (user.isEmpty()) {
        continue;
      }
      Similarity similarity = Similarity.ofPercent(RekognitionMapping.percent(match.similarity()));
      best.merge(
          user.get(),
          FaceMatch.builder().userId(user.get()).similarity(similarity).build(),
          (a, b) -> a.similarity().compareTo(b.similarity()) >= 0 ? a : b);
    }
    SearchResult.Builder result =
        SearchResult.builder().matches(ranked(best.values(), maxUsers));
    boolean complete;
    if (response.searchedFace() != null
        && response.searchedFace().faceDetail() != null
        && response.searchedFace().faceDetail().boundingBox() != null) {
      List<DetectedFace> probeFaces = new ArrayList<>();
      probeFaces.add(
          RekognitionMapping.face(response.searchedFace().faceDetail(), probe.width(), probe.height()));
      List<FaceDetail> others = new ArrayList<>();
      for (UnsearchedFace unsearched : response.unsearchedFaces()) {
        if (unsearched.faceDetails() != null) {
          others.add(unsearched.faceDetails());
        }
      }
      probeFaces.addAll(RekognitionMapping.faces(others, probe.width(), probe.height()));
      result.probeFaces(probeFaces);
      // SearchUsersByImage reports the searched face and every unsearched one: a complete list,
      // with the default attributes only (core asks a detector if its gate needs more).
      complete = true;
    } else {
      // No SearchedFace: Rekognition found no valid face. With no unsearched face either, the
      // probe has none, which is a complete answer.
      complete = response.unsearchedFaces().isEmpty();
    }
    if (response.faceModelVersion() != null) {
      result.modelVersion(response.faceModelVersion());
    }
    SearchResult built = result.probeFacesComplete(complete).build();
    LOG.debug(
        "Searched users [provider=rekognition, collection={}, matches={}, probeFaces={}, requestId={}]",
        collectionId,
        built.matches().size(),
        built.probeFaces().size(),
        AwsExceptionTranslator.requestId(response));
    return built;
  }

  private SearchResult searchFacesByImage(FaceImage probe, int maxUsers) {
    SearchFacesByImageRequest request =
        SearchFacesByImageRequest.builder()
            .collectionId(collectionId)
            .image(RekognitionMapping.image(probe))
            .maxFaces(Math.min(4096, maxUsers * 8))
            .faceMatchThreshold(0f)
            .qualityFilter(QualityFilter.NONE)
            .build();
    SearchFacesByImageResponse response;
    try {
      response = client.searchFacesByImage(request);
    } catch (InvalidParameterException e) {
      throw e;
    } catch (RuntimeException e) {
      throw translate(e, "SearchFacesByImage");
    }
    Map<UserId, FaceMatch> best = new LinkedHashMap<>();
    for (var match : response.faceMatches()) {
      if (match.face() == null || match.face().faceId() == null) {
        continue;
      }
      Optional<UserId> user = owner(match.face());
      if (user.isEmpty()) {
        continue;
      }
      FaceMatch candidate =
          FaceMatch.of(
              user.get(),
              Similarity.ofPercent(RekognitionMapping.percent(match.similarity())),
              FaceId.of(match.face().faceId()));
      best.merge(
          user.get(), candidate, (a, b) -> a.similarity().compareTo(b.similarity()) >= 0 ? a : b);
    }
    SearchResult.Builder result =
        SearchResult.builder().matches(ranked(best.values(), maxUsers)).probeFacesComplete(false);
    if (response.searchedFaceBoundingBox() != null) {
      var box = RekognitionMapping.box(response.searchedFaceBoundingBox());
      result.addProbeFace(
          DetectedFace.builder()
              .box(box)
              .confidence(RekognitionMapping.ratio(response.searchedFaceConfidence()))
              .sizePixels(
                  (int)
                      Math.round(
                          Math.min(box.width() * probe.width(), box.height() * probe.height())))
              .build());
    }
    if (response.faceModelVersion() != null) {
      result.modelVersion(response.faceModelVersion());
    }
    SearchResult built = result.build();
    LOG.debug(
        "Searched faces [provider=rekognition, collection={}, matches={}, requestId={}]",
        collectionId,
        built.matches().size(),
        AwsExceptionTranslator.requestId(response));
    return built;
  }

  private static List<FaceMatch> ranked(Collection<FaceMatch> matches, int maxUsers) {
    return matches.stream()
        .sorted(Comparator.comparing(FaceMatch::similarity).reversed())
        .limit(maxUsers)
        .toList();
  }

  /**
   * {@inheritDoc}
   *
   * <p>With the Users API, the faces associated with the user's Rekognition user ({@code ListFaces}
   * with a {@code UserId}, every page): exactly the faces a user search can match. Without it, the
   * whole collection is listed and the user's faces are picked by their {@code ExternalImageId}.
   * Foreign faces are skipped either way.
   */
  @Override
  public List<IndexedFace> listFaces(UserId user) {
    Objects.requireNonNull(user, "user");
    try (Stream<Face> faces = usersApi ? associatedFaces(user) : allFaces()) {
      return faces
          .filter(face -> owner(face).filter(user::equals).isPresent())
          .map(face -> indexedFace(face, user, null))
          .toList();
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Lists the collection without a user filter, lazily with the SDK's {@code ListFaces}
   * paginator (the first page before this returns). The owner of each face is read from its {@code
   * ExternalImageId}, so faces that were indexed but never associated (a failed registration) are
   * reported too; foreign faces are skipped.
   */
  @Override
  public Stream<IndexedFace> listAllFaces() {
    return allFaces()
        .flatMap(face -> owner(face).map(user -> indexedFace(face, user, null)).stream());
  }

  /**
   * {@inheritDoc}
   *
   * @return {@link Consistency#EVENTUAL} with the Users API, {@link Consistency#READ_AFTER_WRITE}
   *     without it (see the class comment)
   */
  @Override
  public Consistency consistency() {
    return usersApi ? Consistency.EVENTUAL : Consistency.READ_AFTER_WRITE;
  }

  /** Every face of the collection, lazily. */
  private Stream<Face> allFaces() {
    ListFacesRequest request =
        ListFacesRequest.builder().collectionId(collectionId).maxResults(4096).build();
    return facesOf(request);
  }

  /** The faces associated with the user's Rekognition user, lazily. */
  private Stream<Face> associatedFaces(UserId user) {
    ListFacesRequest request =
        ListFacesRequest.builder()
            .collectionId(collectionId)
            .userId(rekognitionUserId(user))
            .maxResults(4096)
            .build();
    return facesOf(request);
  }

  private Stream<Face> facesOf(ListFacesRequest request) {
    return PagedStream.of(
            RekognitionMapping.PROVIDER,
            "ListFaces",
            resource,
            () -> client.listFacesPaginator(request).faces().iterator())
        .filter(face -> face.faceId() != null);
  }

  /**
   * Returns the idv user a face belongs to: the user its {@code ExternalImageId} names, unless the
   * face is associated with a Rekognition user other than that user's. Empty for a foreign face.
   */
  private Optional<UserId> owner(Face face) {
    Optional<UserId> user = userOf(face.externalImageId());
    if (user.isPresent()
        && face.userId() != null
        && !face.userId().isEmpty()
        && !face.userId().equals(rekognitionUserId(user.get()))) {
      return Optional.empty();
    }
    return user;
  }

  private IndexedFace indexedFace(Face face, UserId user, @Nullable String modelVersion) {
    IndexedFace.Builder indexed =
        IndexedFace.builder()
            .faceId(FaceId.of(face.faceId()))
            .userId(user)
            .provider(RekognitionMapping.PROVIDER)
            .collectionId(collectionId);
    String version = face.indexFacesModelVersion() != null ? face.indexFacesModelVersion() : modelVersion;
    if (version != null) {
      indexed.modelVersion(version);
    }
    return indexed.build();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Finds the named faces that are the user's (with the Users API, first among the faces
   * associated with the user's Rekognition user, then the rest with {@code ListFaces} by face id,
   * which finds faces never associated), never touching a foreign face. With the Users API it then
   * deletes the Rekognition user if no face stays associated with it, or disassociates the named
   * faces otherwise, and finally deletes the faces.
   */
  @Override
  public Set<FaceId> deleteFaces(UserId user, Collection<FaceId> faceIds) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(faceIds, "faceIds");
    if (faceIds.isEmpty()) {
      return Set.of();
    }
    Set<String> requested = new LinkedHashSet<>();
    faceIds.forEach(id -> requested.add(id.value()));
    List<String> associated = new ArrayList<>(); // the named faces associated with the user
    Set<String> stillAssociated = new LinkedHashSet<>(); // every face associated with the user
    if (usersApi) {
      try (Stream<Face> faces = associatedFaces(user)) {
        faces.forEach(face -> {
          stillAssociated.add(face.faceId());
          if (requested.contains(face.faceId()) && owner(face).filter(user::equals).isPresent()) {
            associated.add(face.faceId());
          }
        });
      }
      stillAssociated.removeAll(associated);
    }
    List<String> unassociated = new ArrayList<>();
    List<String> rest =
        requested.stream()
            .filter(id -> !associated.contains(id) && REKOGNITION_FACE_ID.matcher(id).matches())
            .toList();
    for (List<String> batch : batches(rest, deleteBatch)) {
      ListFacesRequest request =
          ListFacesRequest.builder().collectionId(collectionId).faceIds(batch).maxResults(4096).build();
      try (Stream<Face> faces = facesOf(request)) {
        faces
            .filter(face -> batch.contains(face.faceId()))
            .filter(face -> owner(face).filter(user::equals).isPresent())
            .forEach(face -> {
              if (face.userId() == null || face.userId().isEmpty()) {
                unassociated.add(face.faceId());
              } else {
                // associated with the user, though the listing by user did not show it yet
                // (AssociateFaces is applied asynchronously)
                associated.add(face.faceId());
                stillAssociated.remove(face.faceId());
              }
            });
      }
    }
    if (associated.isEmpty() && unassociated.isEmpty()) {
      return Set.of();
    }
    if (usersApi) {
      if (stillAssociated.isEmpty()) {
        deleteUser(user); // also disassociates the named faces
      } else {
        for (List<String> batch : batches(associated, associateBatch)) {
          call(
              "DisassociateFaces",
              () ->
                  client.disassociateFaces(
                      DisassociateFacesRequest.builder()
                          .collectionId(collectionId)
                          .userId(rekognitionUserId(user))
                          .faceIds(batch)
                          .build()));
        }
      }
    }
    List<String> toDelete = new ArrayList<>(associated);
    toDelete.addAll(unassociated);
    Set<FaceId> deleted = new LinkedHashSet<>();
    for (List<String> batch : batches(toDelete, deleteBatch)) {
      var response =
          call(
              "DeleteFaces",
              () ->
                  client.deleteFaces(
                      DeleteFacesRequest.builder().collectionId(collectionId).faceIds(batch).build()));
      for (String id : response.deletedFaces()) {
        deleted.add(FaceId.of(id));
      }
      if (!response.unsuccessfulFaceDeletions().isEmpty()) {
        throw new ProviderException(
            ProviderException.Kind.REJECTED,
            RekognitionMapping.PROVIDER,
            "DeleteFaces",
            AwsExceptionTranslator.requestId(response),
            response.unsuccessfulFaceDeletions().size() + " face(s) of " + user + " in " + resource
                + " could not be deleted: "
                + response.unsuccessfulFaceDeletions().get(0).reasonsAsStrings()
                + "; calling again finishes the job",
            null);
      }
    }
    LOG.debug(
        "Deleted faces [provider=rekognition, collection={}, deleted={}]",
        collectionId,
        deleted.size());
    return Set.copyOf(deleted);
  }

  private void deleteUser(UserId user) {
    try {
      client.deleteUser(
          DeleteUserRequest.builder().collectionId(collectionId).userId(rekognitionUserId(user)).build());
    } catch (ResourceNotFoundException e) {
      // Faces without a user (CreateUser never ran or failed): nothing to delete.
      LOG.debug("No Rekognition user to delete [collection={}, user={}]", collectionId, user);
    } catch (RuntimeException e) {
      throw translate(e, "DeleteUser");
    }
  }

  private static <T> List<List<T>> batches(List<T> items, int size) {
    List<List<T>> batches = new ArrayList<>();
    for (int i = 0; i < items.size(); i += size) {
      batches.add(List.copyOf(items.subList(i, Math.min(items.size(), i + size))));
    }
    return batches;
  }

  /**
   * Returns the {@code ExternalImageId} idv stores with a face: the user's provider-safe id, then
   * {@code ":x"} and the first 32 hex characters of the image's SHA-256. The provider-safe form
   * never holds {@code ':'} followed by a lower-case letter (its escapes are {@code ':'} and two
   * upper-case hex digits), so the user id is read back unambiguously.
   */
  static String externalImageId(UserId user, FaceImage image) {
    return user.providerSafe() + DIGEST_MARK + image.sha256().substring(0, 32);
  }

  /**
   * Reads the user back from an {@code ExternalImageId}; empty unless idv wrote it: the mark, 32
   * lower-case hex digits after it, and a provider-safe user id before it are all required.
   */
  static Optional<UserId> userOf(@Nullable String externalImageId) {
    if (externalImageId == null) {
      return Optional.empty();
    }
    int mark = externalImageId.indexOf(DIGEST_MARK);
    if (mark <= 0 || !DIGEST.matcher(externalImageId.substring(mark + DIGEST_MARK.length())).matches()) {
      return Optional.empty();
    }
    return decodeUser(externalImageId.substring(0, mark));
  }

  /** Returns the Rekognition {@code UserId} idv gives a user: {@code <provider-safe user>:u}. */
  static String rekognitionUserId(UserId user) {
    return user.providerSafe() + USER_MARK;
  }

  /** Reads the user back from a Rekognition {@code UserId}; empty unless idv created that user. */
  static Optional<UserId> userOfRekognitionUser(@Nullable String rekognitionUserId) {
    if (rekognitionUserId == null
        || rekognitionUserId.length() <= USER_MARK.length()
        || !rekognitionUserId.endsWith(USER_MARK)) {
      return Optional.empty();
    }
    return decodeUser(rekognitionUserId.substring(0, rekognitionUserId.length() - USER_MARK.length()));
  }

  private static Optional<UserId> decodeUser(String providerSafe) {
    try {
      return Optional.of(UserId.fromProviderSafe(providerSafe));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private CollectionInfo info(DescribeCollectionResponse response) {
    CollectionInfo.Builder info =
        CollectionInfo.builder()
            .provider(RekognitionMapping.PROVIDER)
            .collectionId(collectionId)
            .faceCount(response.faceCount() == null ? 0 : response.faceCount());
    if (response.faceModelVersion() != null) {
      info.modelVersion(response.faceModelVersion());
    }
    return info.build();
  }

  private <T> T call(String operation, Supplier<T> call) {
    return AwsExceptionTranslator.call(RekognitionMapping.PROVIDER, operation, resource, call);
  }

  private IdvException translate(RuntimeException e, String operation) {
    return AwsExceptionTranslator.translate(e, RekognitionMapping.PROVIDER, operation, resource);
  }

  /** Closes the Rekognition client if this index created it. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && ownsClient) {
      client.close();
    }
  }

  /** Builds a {@link RekognitionFaceIndex}. Not thread-safe. */
  public static final class Builder {
    private @Nullable RekognitionClient client;
    private @Nullable Region region;
    private @Nullable AwsCredentialsProvider credentials;
    private @Nullable String collectionId;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private QualityFilter qualityFilter = QualityFilter.AUTO;
    private boolean usersApi = true;
    private int deleteBatch = DELETE_BATCH;
    private int associateBatch = ASSOCIATE_BATCH;

    private Builder() {}

    /** Lowers the batch sizes of DeleteFaces and DisassociateFaces, so tests see batching. */
    Builder batchSizes(int deleteBatch, int associateBatch) {
      this.deleteBatch = deleteBatch;
      this.associateBatch = associateBatch;
      return this;
    }

    /**
     * Uses this client; the index will not close it. Without one, the index creates its own from
     * {@link #region} and {@link #credentialsProvider} and closes it on {@link #close()}.
     *
     * @param client the client
     * @return this builder
     */
    public Builder rekognitionClient(RekognitionClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Sets the region of the client the index creates; the SDK's default chain otherwise.
     *
     * @param region the region
     * @return this builder
     */
    public Builder region(Region region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /**
     * Sets the credentials of the client the index creates; the SDK's default chain otherwise.
     *
     * @param credentials the credentials provider
     * @return this builder
     */
    public Builder credentialsProvider(AwsCredentialsProvider credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
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
      Objects.requireNonNull(collectionId, "collectionId");
      if (!COLLECTION_ID.matcher(collectionId).matches()) {
        throw new IllegalArgumentException(
            "A collection id must be 1-255 characters of [a-zA-Z0-9_.-], got '" + collectionId
                + "'");
      }
      this.collectionId = collectionId;
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
     * Sets the {@code QualityFilter} of {@code IndexFaces}; {@code AUTO} (Rekognition's default)
     * unless set. Core's quality gate runs first either way; the filter is Rekognition's own last
     * check, and a face it filters comes back as not indexed, with reasons.
     *
     * @param qualityFilter the filter
     * @return this builder
     */
    public Builder qualityFilter(QualityFilter qualityFilter) {
      this.qualityFilter = Objects.requireNonNull(qualityFilter, "qualityFilter");
      return this;
    }

    /**
     * Sets whether Rekognition's Users API is used (the default): users with associated faces and
     * {@code SearchUsersByImage}. Without it the index works on faces and {@code
     * SearchFacesByImage} alone, and {@link RekognitionFaceIndex#listFaces} pages through the
     * whole collection: use it for small collections or collections made without users. Keep one
     * setting per collection.
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
     * @throws IllegalStateException if the collection id is missing
     */
    public RekognitionFaceIndex build() {
      if (collectionId == null) {
        throw new IllegalStateException("RekognitionFaceIndex.builder() needs collectionId(...)");
      }
      if (client != null) {
        return new RekognitionFaceIndex(this, client, false);
      }
      return new RekognitionFaceIndex(
          this,
          ClientFactory.create(RekognitionClient.builder(), region, credentials),
          true);
    }
  }
}
