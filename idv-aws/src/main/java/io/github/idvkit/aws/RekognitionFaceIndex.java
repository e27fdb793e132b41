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
import io.github.idvkit.aws.internal.RekognitionMapping;
import io.github.idvkit.spi.CollectionInfo;
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
import software.amazon.awssdk.services.rekognition.model.ListFacesResponse;
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
 *       UserId#providerSafe()} as the Rekognition {@code UserId} and at the start of each face's
 *       {@code ExternalImageId}, which also carries a digest of the image ({@code
 *       <user>:x<32 hex>}) so that indexing the same image for the same user again returns the
 *       face already stored.
 *   <li>{@code IndexFaces} sends {@code MaxFaces=1} (Rekognition keeps the largest face), the
 *       configured {@code QualityFilter} and {@code DetectionAttributes=ALL}; reasons for an
 *       unindexed face become {@link QualityIssue}s.
 *   <li>Searches and associations apply no threshold ({@code UserMatchThreshold=0}, {@code
 *       FaceMatchThreshold=0}, {@code QualityFilter=NONE}); core decides.
 *   <li>{@code ListFaces} is followed across pages; {@code DeleteFaces} runs in batches of at most
 *       4096, {@code DisassociateFaces} of at most 100. Deleting a user's last face deletes the
 *       Rekognition user, so {@code forget} leaves nothing behind.
 * </ul>
 *
 * <p>Consistency: Rekognition applies {@code AssociateFaces} asynchronously (the user is {@code
 * UPDATING} for a moment), so a face may be found by a user search shortly after {@link #index}
 * returns rather than at once. Local tests see it at once.
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

  @Override
  public IndexResult index(UserId user, FaceImage image) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(image, "image");
    String externalImageId = externalImageId(user, image);
    List<Face> existing = rawFaces(user);
    for (Face face : existing) {
      if (externalImageId.equals(face.externalImageId())) {
        LOG.debug(
            "Face already indexed [provider=rekognition, collection={}, faceId={}]",
            collectionId,
            face.faceId());
        return IndexResult.of(indexedFace(face, user, null));
      }
    }
    IndexFacesRequest request =
        IndexFacesRequest.builder()
            .collectionId(collectionId)
            .image(RekognitionMapping.image(image))
            .externalImageId(externalImageId)
            .maxFaces(1)
            .qualityFilter(qualityFilter)
            .detectionAttributes(Attribute.ALL)
            .build();
    IndexFacesResponse response;
    try {
      response = call("IndexFaces", () -> client.indexFaces(request));
    } catch (ProviderException e) {
      if (usersApi) {
        removeUnassociated(externalImageId, e);
      }
      throw e;
    }
    if (response.faceRecords().isEmpty()
        || response.faceRecords().get(0).face() == null
        || response.faceRecords().get(0).face().faceId() == null) {
      Set<QualityIssue> reasons = notIndexedReasons(response.unindexedFaces());
      LOG.debug(
          "No face indexed [provider=rekognition, collection={}, reasons={}]",
          collectionId,
          reasons);
      return IndexResult.notIndexed(reasons);
    }
    var record = response.faceRecords().get(0);
    String faceId = record.face().faceId();
    if (usersApi) {
      try {
        if (existing.isEmpty()) {
          createUser(user);
        }
        associate(user, faceId);
      } catch (IdvException e) {
        compensate(faceId, e);
        throw e;
      }
    }
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
    return IndexResult.of(indexed.build());
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
              .userId(user.providerSafe())
              .build());
    } catch (ConflictException e) {
      LOG.debug("Rekognition user exists [collection={}, user={}]", collectionId, user);
    } catch (RuntimeException e) {
      throw translate(e, "CreateUser");
    }
  }

  private void associate(UserId user, String faceId) {
    AssociateFacesRequest request =
        AssociateFacesRequest.builder()
            .collectionId(collectionId)
            .userId(user.providerSafe())
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

  /**
   * An {@code IndexFaces} call that failed may still have indexed the face (the reply was lost).
   * With the users API such a face is associated with no user, so listing the user's faces cannot
   * find it: it is looked up by its {@code ExternalImageId} across the collection (only on this
   * failure path) and deleted. Failures are suppressed on {@code cause}; a reconciliation finds
   * what is left.
   */
  private void removeUnassociated(String externalImageId, ProviderException cause) {
    try {
      List<String> stray = new ArrayList<>();
      String token = null;
      do {
        ListFacesRequest request =
            ListFacesRequest.builder().collectionId(collectionId).maxResults(4096).nextToken(token).build();
        ListFacesResponse page = client.listFaces(request);
        for (Face face : page.faces()) {
          if (face.faceId() != null
              && externalImageId.equals(face.externalImageId())
              && (face.userId() == null || face.userId().isEmpty())) {
            stray.add(face.faceId());
          }
        }
        token = page.nextToken();
      } while (token != null && !token.isEmpty());
      if (!stray.isEmpty()) {
        client.deleteFaces(DeleteFacesRequest.builder().collectionId(collectionId).faceIds(stray).build());
        LOG.debug("Deleted {} face(s) a failed IndexFaces call left unassociated in {}", stray.size(), resource);
      }
    } catch (RuntimeException e) {
      cause.addSuppressed(translate(e, "ListFaces"));
    }
  }

  private void compensate(String faceId, IdvException cause) {
    try {
      client.deleteFaces(
          DeleteFacesRequest.builder().collectionId(collectionId).faceIds(faceId).build());
    } catch (RuntimeException e) {
      cause.addSuppressed(translate(e, "DeleteFaces"));
      LOG.warn(
          "Could not delete face {} after a failed association in {}; delete it by hand",
          faceId,
          resource);
    }
  }

  @Override
  public SearchResult search(FaceImage probe, int maxUsers) {
    Objects.requireNonNull(probe, "probe");
    if (maxUsers < 1) {
      throw new IllegalArgumentException("maxUsers must be at least 1, got " + maxUsers);
    }
    try {
      return usersApi ? searchUsers(probe, maxUsers) : searchFaces(probe, maxUsers);
    } catch (InvalidParameterException e) {
      // Rekognition refuses a probe without a face; the contract reports no matches instead.
      String operation = usersApi ? "SearchUsersByImage" : "SearchFacesByImage";
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
      Optional<UserId> user = decodeUser(match.user().userId());
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

  private SearchResult searchFaces(FaceImage probe, int maxUsers) {
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
      Optional<UserId> user = userOf(match.face().externalImageId());
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

  @Override
  public List<IndexedFace> listFaces(UserId user) {
    Objects.requireNonNull(user, "user");
    List<IndexedFace> faces = new ArrayList<>();
    for (Face face : rawFaces(user)) {
      faces.add(indexedFace(face, user, null));
    }
    return List.copyOf(faces);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Lists the collection without a user filter, following every page. The owner of each face is
   * read from its {@code ExternalImageId} (or, with the users API, its Rekognition user); faces
   * that idv did not write, whose owner cannot be read, are skipped.
   */
  @Override
  public List<IndexedFace> listAllFaces() {
    List<IndexedFace> faces = new ArrayList<>();
    int skipped = 0;
    String token = null;
    do {
      ListFacesRequest request =
          ListFacesRequest.builder().collectionId(collectionId).maxResults(4096).nextToken(token).build();
      ListFacesResponse page = call("ListFaces", () -> client.listFaces(request));
      for (Face face : page.faces()) {
        if (face.faceId() == null) {
          continue;
        }
        Optional<UserId> owner = userOf(face.externalImageId());
        if (owner.isEmpty() && usersApi && face.userId() != null) {
          owner = decodeUser(face.userId());
        }
        if (owner.isPresent()) {
          faces.add(indexedFace(face, owner.get(), null));
        } else {
          skipped++;
        }
      }
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    if (skipped > 0) {
      LOG.debug("Listed faces [collection={}, faces={}, skippedNotWrittenByIdv={}]", collectionId, faces.size(), skipped);
    }
    return List.copyOf(faces);
  }

  /**
   * With the users API, a face indexed for the user but never associated with their Rekognition
   * user (the process stopped between {@code IndexFaces} and {@code AssociateFaces}) is not listed
   * by user. Finds such faces among {@code faceIds} by their {@code ExternalImageId}, listing the
   * whole collection: only done for ids the listing by user did not find.
   */
  private List<String> unassociatedFaces(UserId user, Set<String> faceIds) {
    List<String> found = new ArrayList<>();
    String token = null;
    do {
      ListFacesRequest request =
          ListFacesRequest.builder().collectionId(collectionId).maxResults(4096).nextToken(token).build();
      ListFacesResponse page = call("ListFaces", () -> client.listFaces(request));
      for (Face face : page.faces()) {
        if (face.faceId() != null
            && faceIds.contains(face.faceId())
            && (face.userId() == null || face.userId().isEmpty())
            && userOf(face.externalImageId()).filter(user::equals).isPresent()) {
          found.add(face.faceId());
        }
      }
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return found;
  }

  /** Lists the user's faces as Rekognition reports them, following every page. */
  private List<Face> rawFaces(UserId user) {
    List<Face> faces = new ArrayList<>();
    String token = null;
    do {
      ListFacesRequest.Builder request =
          ListFacesRequest.builder().collectionId(collectionId).maxResults(4096).nextToken(token);
      if (usersApi) {
        request.userId(user.providerSafe());
      }
      ListFacesRequest built = request.build();
      ListFacesResponse page = call("ListFaces", () -> client.listFaces(built));
      for (Face face : page.faces()) {
        if (face.faceId() == null) {
          continue;
        }
        if (usersApi || userOf(face.externalImageId()).filter(user::equals).isPresent()) {
          faces.add(face);
        }
      }
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return faces;
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

  @Override
  public Set<FaceId> deleteFaces(UserId user, Collection<FaceId> faceIds) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(faceIds, "faceIds");
    if (faceIds.isEmpty()) {
      return Set.of();
    }
    Set<String> owned = new LinkedHashSet<>();
    for (Face face : rawFaces(user)) {
      owned.add(face.faceId());
    }
    List<String> toDelete = new ArrayList<>();
    Set<String> notOwned = new LinkedHashSet<>();
    for (FaceId id : new LinkedHashSet<>(faceIds)) {
      if (owned.contains(id.value())) {
        toDelete.add(id.value());
      } else {
        notOwned.add(id.value());
      }
    }
    List<String> unassociated = usersApi && !notOwned.isEmpty() ? unassociatedFaces(user, notOwned) : List.of();
    if (toDelete.isEmpty() && unassociated.isEmpty()) {
      return Set.of();
    }
    boolean lastFaces = toDelete.size() == owned.size();
    if (usersApi && !toDelete.isEmpty()) {
      if (lastFaces) {
        deleteUser(user);
      } else {
        for (List<String> batch : batches(toDelete, associateBatch)) {
          call(
              "DisassociateFaces",
              () ->
                  client.disassociateFaces(
                      DisassociateFacesRequest.builder()
                          .collectionId(collectionId)
                          .userId(user.providerSafe())
                          .faceIds(batch)
                          .build()));
        }
      }
    }
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
          DeleteUserRequest.builder().collectionId(collectionId).userId(user.providerSafe()).build());
    } catch (ResourceNotFoundException e) {
      // Faces without a user (indexed before the user was made): nothing to delete.
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
   * never holds {@code ":x"} (its escapes are {@code ':'} and two upper-case hex digits), so the
   * user id is read back unambiguously.
   */
  static String externalImageId(UserId user, FaceImage image) {
    return user.providerSafe() + DIGEST_MARK + image.sha256().substring(0, 32);
  }

  /** Reads the user back from an {@code ExternalImageId}; empty if idv did not write it. */
  static Optional<UserId> userOf(@Nullable String externalImageId) {
    if (externalImageId == null) {
      return Optional.empty();
    }
    int mark = externalImageId.indexOf(DIGEST_MARK);
    return decodeUser(mark < 0 ? externalImageId : externalImageId.substring(0, mark));
  }

  private static Optional<UserId> decodeUser(String providerSafe) {
    try {
      return Optional.of(UserId.fromProviderSafe(providerSafe));
    } catch (IllegalArgumentException e) {
      LOG.debug("Skipped an id that idv did not write");
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
     * SearchFacesByImage} alone, and finding a user's faces (for {@link
     * RekognitionFaceIndex#listFaces}, {@link RekognitionFaceIndex#deleteFaces} and the idempotency
     * check of {@link RekognitionFaceIndex#index}) pages through the whole collection: use it for
     * small collections or collections made without users. Keep one setting per collection.
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
