package io.github.idvkit.aws;

import io.github.idvkit.FaceId;
import io.github.idvkit.FaceImage;
import io.github.idvkit.ProviderException;
import io.github.idvkit.UserId;
import io.github.idvkit.aws.internal.AwsExceptionTranslator;
import io.github.idvkit.aws.internal.RekognitionMapping;
import io.github.idvkit.spi.Consistency;
import io.github.idvkit.spi.FaceFact;
import io.github.idvkit.spi.FaceMatch;
import io.github.idvkit.spi.SearchResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.AwsResponse;
import software.amazon.awssdk.services.rekognition.model.AssociateFacesResponse;
import software.amazon.awssdk.services.rekognition.model.ConflictException;
import software.amazon.awssdk.services.rekognition.model.Face;
import software.amazon.awssdk.services.rekognition.model.FaceDetail;
import software.amazon.awssdk.services.rekognition.model.InvalidParameterException;
import software.amazon.awssdk.services.rekognition.model.QualityFilter;
import software.amazon.awssdk.services.rekognition.model.ResourceNotFoundException;
import software.amazon.awssdk.services.rekognition.model.SearchFacesByImageResponse;
import software.amazon.awssdk.services.rekognition.model.SearchUsersByImageResponse;
import software.amazon.awssdk.services.rekognition.model.UnsearchedFace;
import software.amazon.awssdk.services.rekognition.model.UnsuccessfulFaceAssociation;
import software.amazon.awssdk.services.rekognition.model.UserMatch;

/**
 * How a {@link RekognitionFaceIndex} keeps users: {@link Users} as Rekognition users with
 * associated faces, or {@link Faces} by the faces' {@code ExternalImageId} alone. The index does
 * the rest (indexing, listing by id, deleting, the no-face fallback of a search) the same way for
 * both.
 */
sealed interface IndexMode permits IndexMode.Users, IndexMode.Faces {

  Logger LOG = LoggerFactory.getLogger(RekognitionFaceIndex.class);

  /** Makes an indexed face of the user count in {@link #search} (associates it, or nothing). */
  void associate(UserId user, String faceId);

  /** Makes ready what {@link #associate} needs (creates the Rekognition user, or nothing). */
  void prepare(UserId user);

  /** Removes what {@link #prepare} made if the user holds no face (deletes the Rekognition user, or nothing). */
  void release(UserId user);

  /** The facts {@link #search} reports for every face of the probe. */
  Set<FaceFact> searchReports();

  /** Searches; a probe without a face surfaces as Rekognition's InvalidParameterException. */
  SearchResult search(FaceImage probe, int maxUsers);

  /** The search operation's name, for errors. */
  String searchOperation();

  /** The faces that may be the user's, lazily; the index keeps those it reads as the user's. */
  Stream<Face> candidates(UserId user);

  /**
   * Detaches the user's faces before they are deleted (Rekognition refuses associated ones).
   *
   * @return the faces that stay associated, each with Rekognition's reasons; they cannot be deleted
   */
  Map<String, List<String>> detach(UserId user, List<Face> faces);

  /** When an indexed face becomes searchable. */
  Consistency consistency();

  /** The collection the mode works on. */
  RekognitionCollection index();

  /** Searches; a probe Rekognition refuses for having no face yields no matches, as the contract says. */
  default SearchResult searchOrNone(FaceImage probe, int maxUsers) {
    if (maxUsers < 1) {
      throw new IllegalArgumentException("maxUsers must be at least 1, got " + maxUsers);
    }
    try {
      return search(probe, maxUsers);
    } catch (InvalidParameterException e) {
      // The default attributes suffice: the question is only whether there is a face.
      var faces = index().call("DetectFaces",
          () -> index().client().detectFaces(r -> r.image(RekognitionMapping.image(probe)))).faceDetails();
      if (faces.isEmpty()) {
        return SearchResult.builder().probeFacesComplete(true).build();
      }
      throw index().translate(e, searchOperation());
    }
  }

  /** Runs a search call, translating every failure but the no-face refusal. */
  private static <T> T searchCall(RekognitionCollection index, Supplier<T> call, String operation) {
    try {
      return call.get();
    } catch (InvalidParameterException e) {
      throw e;
    } catch (RuntimeException e) {
      throw index.translate(e, operation);
    }
  }

  /** Finishes a search result: each user once with its best match, highest first, at most max. */
  private static SearchResult searched(SearchResult.Builder result, List<FaceMatch> matches,
      int maxUsers, @Nullable String modelVersion, AwsResponse response) {
    Map<UserId, FaceMatch> best = new LinkedHashMap<>();
    matches.forEach(m -> best.merge(m.userId(), m,
        (a, b) -> a.similarity().compareTo(b.similarity()) >= 0 ? a : b));
    result.matches(best.values().stream()
        .sorted(Comparator.comparing(FaceMatch::similarity).reversed()).limit(maxUsers).toList());
    Optional.ofNullable(modelVersion).ifPresent(result::modelVersion);
    SearchResult built = result.build();
    LOG.debug("Searched [provider=rekognition, matches={}, probeFaces={}, requestId={}]",
        built.matches().size(), built.probeFaces().size(), AwsExceptionTranslator.requestId(response));
    return built;
  }

  /** Rekognition's Users API: {@code CreateUser}, {@code AssociateFaces}, {@code SearchUsersByImage}. */
  record Users(RekognitionCollection index, int associateBatch) implements IndexMode {

    /** {@code SearchUsersByImage} reports the searched face and every unsearched one. */
    @Override
    public Set<FaceFact> searchReports() {
      return EnumSet.of(FaceFact.EVERY_FACE);
    }

    /** {@code CreateUser}; a user that exists already is fine. */
    @Override
    public void prepare(UserId user) {
      if (index.callUnless(ConflictException.class, "CreateUser", () -> index.client().createUser(
          r -> r.collectionId(index.collectionId()).userId(RekognitionIds.rekognitionUserId(user)))).isEmpty()) {
        LOG.debug("Rekognition user exists [collection={}, user={}]", index.collectionId(), user);
      }
    }

    /** {@code DeleteUser} if {@code ListFaces} by the user lists no face; never a user with a face. */
    @Override
    public void release(UserId user) {
      try (Stream<Face> faces = candidates(user)) {
        if (faces.findAny().isPresent()) {
          return;
        }
      }
      deleteUser(user);
    }

    /** {@code DeleteUser}, which disassociates every face of the user; a missing user is fine. */
    private void deleteUser(UserId user) {
      if (index.callUnless(ResourceNotFoundException.class, "DeleteUser", () -> index.client().deleteUser(
          r -> r.collectionId(index.collectionId()).userId(RekognitionIds.rekognitionUserId(user)))).isEmpty()) {
        LOG.debug("No Rekognition user to delete [collection={}, user={}]", index.collectionId(), user);
      }
    }

    /** {@code AssociateFaces}; for a user not prepared yet ({@code ResourceNotFoundException}), {@code CreateUser} first. */
    @Override
    public void associate(UserId user, String faceId) {
      String userId = RekognitionIds.rekognitionUserId(user);
      // UserMatchThreshold=0: see RekognitionFaceIndex#index for why.
      Supplier<AssociateFacesResponse> associate = () -> index.client().associateFaces(
          r -> r.collectionId(index.collectionId()).userId(userId).faceIds(faceId).userMatchThreshold(0f));
      AssociateFacesResponse response;
      try {
        response = associate.get();
      } catch (ResourceNotFoundException e) { // no such user (or collection: CreateUser says which)
        prepare(user);
        response = index.call("AssociateFaces", associate);
      } catch (RuntimeException e) {
        throw index.translate(e, "AssociateFaces");
      }
      // Per face: only an entry naming this face fails it; entries naming other faces do not.
      for (UnsuccessfulFaceAssociation failed : response.unsuccessfulFaceAssociations()) {
        if (faceId.equals(failed.faceId())) {
          throw new ProviderException(ProviderException.Kind.REJECTED, RekognitionMapping.PROVIDER,
              "AssociateFaces", AwsExceptionTranslator.requestId(response),
              "face " + faceId + " could not be associated with " + user + " in " + index.resource()
                  + ": " + failed.reasonsAsStrings(),
              null);
        }
        LOG.debug("AssociateFaces reported another face [faceId={}, reasons={}]",
            failed.faceId(), failed.reasonsAsStrings());
      }
    }

    @Override
    public SearchResult search(FaceImage probe, int maxUsers) {
      SearchUsersByImageResponse response = IndexMode.searchCall(index, () -> index.client().searchUsersByImage(
          r -> r.collectionId(index.collectionId()).image(RekognitionMapping.image(probe))
              .maxUsers(Math.min(maxUsers, 500)).userMatchThreshold(0f).qualityFilter(QualityFilter.NONE)),
          searchOperation());
      List<FaceMatch> matches = new ArrayList<>();
      for (UserMatch match : response.userMatches()) {
        Optional<UserId> user = RekognitionIds.userOfRekognitionUser(
            match.user() == null || match.similarity() == null ? null : match.user().userId());
        user.ifPresent(u -> matches.add(FaceMatch.builder().userId(u)
            .similarity(RekognitionMapping.similarity(match.similarity())).build()));
      }
      SearchResult.Builder result = SearchResult.builder();
      var searched = response.searchedFace() == null ? null : response.searchedFace().faceDetail();
      if (searched != null && searched.boundingBox() != null) {
        // The searched face (box and confidence, as documented) and every unsearched face (with
        // its details): a complete list. Core asks a detector when its gate needs more.
        List<FaceDetail> others = response.unsearchedFaces().stream()
            .map(UnsearchedFace::faceDetails).filter(d -> d != null).toList();
        result.addProbeFace(RekognitionMapping.face(searched, probe.width(), probe.height()))
            .addAllProbeFaces(RekognitionMapping.faces(others, probe.width(), probe.height()))
            .probeFacesComplete(true);
      } else {
        // No SearchedFace: no valid face. With no unsearched face either, the probe has none.
        result.probeFacesComplete(response.unsearchedFaces().isEmpty());
      }
      return IndexMode.searched(result, matches, maxUsers, response.faceModelVersion(), response);
    }

    @Override
    public String searchOperation() {
      return "SearchUsersByImage";
    }

    @Override
    public Stream<Face> candidates(UserId user) {
      return index.faces(r -> r.userId(RekognitionIds.rekognitionUserId(user)));
    }

    @Override
    public Map<String, List<String>> detach(UserId user, List<Face> faces) {
      Set<String> leaving = new HashSet<>();
      faces.forEach(f -> leaving.add(f.faceId()));
      boolean othersStay;
      try (Stream<Face> associated = candidates(user)) {
        othersStay = associated.anyMatch(f -> !leaving.contains(f.faceId()));
      }
      if (!othersStay) {
        deleteUser(user);
        return Map.of();
      }
      String userId = RekognitionIds.rekognitionUserId(user);
      List<String> associated = faces.stream()
          .filter(f -> f.userId() != null && !f.userId().isEmpty()).map(Face::faceId).toList();
      Map<String, List<String>> stuck = new LinkedHashMap<>();
      for (List<String> batch : RekognitionCollection.batches(associated, associateBatch)) {
        var response = index.call("DisassociateFaces", () -> index.client().disassociateFaces(
            r -> r.collectionId(index.collectionId()).userId(userId).faceIds(batch)));
        // Per face: FACE_NOT_FOUND means it is gone already; any other reason keeps it associated.
        response.unsuccessfulFaceDisassociations().stream()
            .filter(f -> batch.contains(f.faceId()) && !f.reasonsAsStrings().equals(List.of("FACE_NOT_FOUND")))
            .forEach(f -> stuck.put(f.faceId(), f.reasonsAsStrings()));
      }
      return stuck;
    }

    /** {@link Consistency#EVENTUAL}: Rekognition applies {@code AssociateFaces} asynchronously. */
    @Override
    public Consistency consistency() {
      return Consistency.EVENTUAL;
    }
  }

  /** Faces only: {@code SearchFacesByImage}, grouped per user by {@code ExternalImageId}. */
  record Faces(RekognitionCollection index) implements IndexMode {

    @Override
    public void associate(UserId user, String faceId) {}

    @Override
    public void prepare(UserId user) {}

    @Override
    public void release(UserId user) {}

    /** {@code SearchFacesByImage} reports the largest face alone. */
    @Override
    public Set<FaceFact> searchReports() {
      return EnumSet.noneOf(FaceFact.class);
    }

    @Override
    public SearchResult search(FaceImage probe, int maxUsers) {
      SearchFacesByImageResponse response = IndexMode.searchCall(index, () -> index.client().searchFacesByImage(
          r -> r.collectionId(index.collectionId()).image(RekognitionMapping.image(probe))
              .maxFaces(Math.min(4096, maxUsers * 8)).faceMatchThreshold(0f)
              .qualityFilter(QualityFilter.NONE)),
          searchOperation());
      List<FaceMatch> matches = new ArrayList<>();
      for (var match : response.faceMatches()) {
        if (match.face() != null && match.face().faceId() != null && match.similarity() != null) {
          index.owner(match.face()).ifPresent(user -> matches.add(FaceMatch.of(user,
              RekognitionMapping.similarity(match.similarity()),
              FaceId.of(match.face().faceId()))));
        }
      }
      SearchResult.Builder result = SearchResult.builder().probeFacesComplete(false);
      if (response.searchedFaceBoundingBox() != null) {
        FaceDetail searched = FaceDetail.builder().boundingBox(response.searchedFaceBoundingBox())
            .confidence(response.searchedFaceConfidence()).build();
        result.addProbeFace(RekognitionMapping.face(searched, probe.width(), probe.height()));
      }
      return IndexMode.searched(result, matches, maxUsers, response.faceModelVersion(), response);
    }

    @Override
    public String searchOperation() {
      return "SearchFacesByImage";
    }

    /** Every face of the collection: without users, only the ExternalImageId tells the owner. */
    @Override
    public Stream<Face> candidates(UserId user) {
      return index.faces(r -> {});
    }

    @Override
    public Map<String, List<String>> detach(UserId user, List<Face> faces) {
      return Map.of();
    }

    /** {@link Consistency#READ_AFTER_WRITE}: the search reads what {@code IndexFaces} stored. */
    @Override
    public Consistency consistency() {
      return Consistency.READ_AFTER_WRITE;
    }
  }
}
