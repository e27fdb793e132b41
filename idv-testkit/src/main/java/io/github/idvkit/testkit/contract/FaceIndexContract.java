package io.github.idvkit.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.idvkit.ConfigurationException;
import io.github.idvkit.FaceId;
import io.github.idvkit.FaceImage;
import io.github.idvkit.InvalidImageException;
import io.github.idvkit.QualityIssue;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.CollectionInfo;
import io.github.idvkit.spi.Consistency;
import io.github.idvkit.spi.FaceIndex;
import io.github.idvkit.spi.FaceMatch;
import io.github.idvkit.spi.IndexResult;
import io.github.idvkit.spi.IndexedFace;
import io.github.idvkit.spi.SearchResult;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract of {@link FaceIndex}: every provider's index passes this suite.
 *
 * <pre>{@code
 * class InMemoryFaceIndexTest extends FaceIndexContract {
 *   @Override protected FaceIndex newSubject() { return InMemoryFaceIndex.create(); }
 *   @Override protected ContractFaces faces() { return ContractFaces.synthetic(); }
 * }
 * }</pre>
 *
 * <p>{@link #newSubject()} returns an index whose collection is empty or does not exist yet; the
 * suite creates it before each test. An eventually consistent provider overrides {@link
 * #awaitConsistency()}, which the suite calls between a write and the reads that must see it.
 */
public abstract class FaceIndexContract {

  @RegisterExtension final ImageLeakCheck imageLeakCheck = new ImageLeakCheck(() -> faces().all());

  private FaceIndex index;
  private ContractFaces faces;

  /** Creates the suite. */
  protected FaceIndexContract() {}

  /**
   * Returns a new index to test, whose collection is empty or does not exist; called before every
   * test.
   *
   * @return the index
   */
  protected abstract FaceIndex newSubject();

  /**
   * Returns the images to test with.
   *
   * @return the images
   */
  protected abstract ContractFaces faces();

  /** Waits until the index's last writes are visible to reads. Does nothing by default. */
  protected void awaitConsistency() {}

  /** Releases what {@link #newSubject()} made (the collection); called after every test. */
  protected void cleanUp() {}

  /**
   * Puts a face into the subject's collection the way another application sharing it would (not
   * through the port, and not in idv's layout). Returns empty where collections cannot be shared;
   * the foreign-data tests are then skipped with that reason.
   *
   * @param image an image with one face
   * @return the foreign face's id, or empty
   */
  protected Optional<FaceId> addForeignFace(FaceImage image) {
    return Optional.empty();
  }

  /**
   * Tells whether a face added by {@link #addForeignFace} is still in the collection.
   *
   * @param faceId the foreign face
   * @return whether it is there
   */
  protected boolean foreignFaceExists(FaceId faceId) {
    throw new UnsupportedOperationException("override with addForeignFace");
  }

  private FaceId foreignFace(FaceImage image) {
    Optional<FaceId> added = addForeignFace(image);
    Assumptions.assumeTrue(added.isPresent(), "this provider's collections hold only idv's faces");
    return added.orElseThrow();
  }

  // "consistency() says when an indexed face becomes searchable"
  @Test
  void consistency_isDeclared() {
    assertThat(index.consistency()).isIn(Consistency.READ_AFTER_WRITE, Consistency.EVENTUAL);
  }

  // "Faces the index did not write ... are foreign: search ... never report[s] them as any user's"
  @Test
  void search_foreignFaceLikeProbe_isNeverReportedAsAUsersFace() {
    FaceId foreign = foreignFace(faces.personA());
    UserId user = newUser("b");
    indexed(user, faces.personB());
    awaitConsistency();

    SearchResult result = index.search(faces.personAAgain(), 10);

    assertThat(result.matches()).allSatisfy(match -> {
      assertThat(match.userId()).isEqualTo(user);
      assertThat(match.faceId()).isNotEqualTo(Optional.of(foreign));
    });
  }

  // "... listAllFaces never report[s] them"
  @Test
  void listAllFaces_foreignFace_isNotListed() {
    FaceId foreign = foreignFace(faces.personA());
    UserId user = newUser("b");
    FaceId own = indexed(user, faces.personB());
    awaitConsistency();

    assertThat(index.listAllFaces().toList()).extracting(IndexedFace::faceId).contains(own).doesNotContain(foreign);
  }

  // "... and deleteFaces never deletes them"
  @Test
  void deleteFaces_foreignFaceId_leavesItAndReportsNothing() {
    FaceId foreign = foreignFace(faces.personA());
    UserId user = newUser("b");
    indexed(user, faces.personB());
    awaitConsistency();

    Set<FaceId> deleted = index.deleteFaces(user, List.of(foreign));

    assertThat(deleted).isEmpty();
    assertThat(foreignFaceExists(foreign)).isTrue();
  }

  @BeforeEach
  final void createSubject() {
    index = newSubject();
    faces = faces();
    index.createCollection();
  }

  @AfterEach
  final void releaseSubject() {
    cleanUp();
  }

  private static UserId newUser(String name) {
    return UserId.of(name + "+" + UUID.randomUUID() + "@example.com");
  }

  /** Indexes and associates, as a registration does. */
  private FaceId indexed(UserId user, FaceImage image) {
    IndexResult result = index.index(user, image);
    assertThat(result.indexed()).as("indexed face of %s", result).isPresent();
    FaceId faceId = result.indexed().orElseThrow().faceId();
    index.associate(user, faceId);
    return faceId;
  }

  private static Optional<FaceMatch> matchOf(SearchResult result, UserId user) {
    return result.matches().stream().filter(m -> m.userId().equals(user)).findFirst();
  }

  // ---------------------------------------------------------------- collection

  // "describeCollection() returns empty when the collection does not exist"
  @Test
  void describeCollection_missingCollection_returnsEmpty() {
    index.deleteCollection();

    assertThat(index.describeCollection()).isEmpty();
  }

  // CollectionInfo.faceCount: "How many faces the collection holds."
  @Test
  void describeCollection_afterIndexing_countsFaces() {
    indexed(newUser("a"), faces.personA());
    indexed(newUser("b"), faces.personB());
    awaitConsistency();

    Optional<CollectionInfo> info = index.describeCollection();

    assertThat(info).isPresent();
    assertThat(info.get().faceCount()).isEqualTo(2);
    assertThat(info.get().collectionId()).isNotBlank();
    assertThat(info.get().provider()).isNotBlank();
  }

  // "createCollection(): Creates the collection if it does not exist."
  @Test
  void createCollection_missingCollection_createsEmptyCollection() {
    index.deleteCollection();

    CollectionInfo created = index.createCollection();

    assertThat(created.faceCount()).isZero();
    awaitConsistency();
    assertThat(index.describeCollection()).hasValueSatisfying(
        info -> assertThat(info.collectionId()).isEqualTo(created.collectionId()));
  }

  // "createCollection() is idempotent: on an existing collection it changes nothing and
  // describes it."
  @Test
  void createCollection_existingCollection_changesNothingAndDescribesIt() {
    UserId user = newUser("a");
    FaceId face = indexed(user, faces.personA());
    awaitConsistency();

    CollectionInfo again = index.createCollection();

    awaitConsistency();
    assertThat(again.faceCount()).isEqualTo(1);
    assertThat(again.collectionId()).isEqualTo(index.describeCollection().orElseThrow().collectionId());
    assertThat(index.listFaces(user)).extracting(IndexedFace::faceId).containsExactly(face);
  }

  // "deleteCollection(): Deletes the collection and every face in it. @return true if it existed"
  @Test
  void deleteCollection_existingCollection_returnsTrueAndDeletesEveryFace() {
    UserId user = newUser("a");
    indexed(user, faces.personA());
    awaitConsistency();

    boolean deleted = index.deleteCollection();

    assertThat(deleted).isTrue();
    awaitConsistency();
    assertThat(index.describeCollection()).isEmpty();
    index.createCollection();
    awaitConsistency();
    assertThat(index.listFaces(user)).isEmpty();
    assertThat(index.search(faces.personAAgain(), 5).matches()).isEmpty();
  }

  // "@return true if it existed"
  @Test
  void deleteCollection_missingCollection_returnsFalse() {
    index.deleteCollection();

    assertThat(index.deleteCollection()).isFalse();
  }

  // "every other operation on a missing collection throws ConfigurationException"
  @Test
  void index_missingCollection_throwsConfigurationException() {
    index.deleteCollection();

    assertThatThrownBy(() -> index.index(newUser("a"), faces.personA()))
        .isInstanceOf(ConfigurationException.class);
  }

  // "every other operation on a missing collection throws ConfigurationException"
  @Test
  void search_missingCollection_throwsConfigurationException() {
    index.deleteCollection();

    assertThatThrownBy(() -> index.search(faces.personA(), 5))
        .isInstanceOf(ConfigurationException.class);
  }

  // "every other operation on a missing collection throws ConfigurationException"
  @Test
  void listFaces_missingCollection_throwsConfigurationException() {
    index.deleteCollection();

    assertThatThrownBy(() -> index.listFaces(newUser("a")))
        .isInstanceOf(ConfigurationException.class);
  }

  // "every other operation on a missing collection throws ConfigurationException"
  @Test
  void listAllFaces_missingCollection_throwsConfigurationException() {
    index.deleteCollection();

    assertThatThrownBy(() -> index.listAllFaces()).isInstanceOf(ConfigurationException.class);
  }

  // "every other operation on a missing collection throws ConfigurationException"
  @Test
  void deleteFaces_missingCollection_throwsConfigurationException() {
    index.deleteCollection();

    assertThatThrownBy(
            () -> index.deleteFaces(newUser("a"), List.of(FaceId.of(UUID.randomUUID().toString()))))
        .isInstanceOf(ConfigurationException.class);
  }

  // ---------------------------------------------------------------- index

  // "index stores the largest face of the image for the user"
  @Test
  void index_imageWithFace_returnsFaceOfUserInCollection() {
    UserId user = newUser("a");

    IndexResult result = index.index(user, faces.personA());

    assertThat(result.notIndexedReasons()).isEmpty();
    IndexedFace face = result.indexed().orElseThrow();
    assertThat(face.userId()).isEqualTo(user);
    assertThat(face.collectionId()).isEqualTo(index.describeCollection().orElseThrow().collectionId());
  }

  // "index stores the largest face of the image for the user"
  @Test
  void index_imageWithSeveralFaces_storesOnlyLargestFace() {
    UserId user = newUser("a");

    indexed(user, faces.twoPeople());

    awaitConsistency();
    assertThat(index.listFaces(user)).hasSize(1);
    FaceMatch likeA = matchOf(index.search(faces.personAAgain(), 5), user).orElseThrow();
    FaceMatch likeB = matchOf(index.search(faces.personB(), 5), user).orElseThrow();
    assertThat(likeA.similarity()).isGreaterThan(likeB.similarity());
  }

  // "An image without a face stores nothing and reports why."
  @Test
  void index_imageWithoutFace_storesNothingAndReportsNoFace() {
    UserId user = newUser("a");

    IndexResult result = index.index(user, faces.noFace());

    assertThat(result.indexed()).isEmpty();
    assertThat(result.notIndexedReasons()).contains(QualityIssue.NO_FACE);
    awaitConsistency();
    assertThat(index.listFaces(user)).isEmpty();
    assertThat(index.describeCollection().orElseThrow().faceCount()).isZero();
  }

  // "@throws InvalidImageException if the provider cannot read the image"
  @Test
  void index_unreadableImage_throwsInvalidImageException() {
    assertThatThrownBy(() -> index.index(newUser("a"), ContractFaces.unreadable()))
        .isInstanceOf(InvalidImageException.class);
  }

  // "Thread-safe."
  @Test
  void index_concurrentlyForManyUsers_storesEveryFace() {
    List<FaceImage> images = List.of(faces.personA(), faces.personAAgain(), faces.personB());
    List<UserId> users = Concurrently.run(8, n -> newUser("u" + n));

    List<FaceId> ids =
        Concurrently.run(users.size(), n -> indexed(users.get(n), images.get(n % images.size())));

    awaitConsistency();
    assertThat(Set.copyOf(ids)).hasSize(users.size());
    for (int n = 0; n < users.size(); n++) {
      assertThat(index.listFaces(users.get(n))).extracting(IndexedFace::faceId).containsExactly(ids.get(n));
    }
    assertThat(index.describeCollection().orElseThrow().faceCount()).isEqualTo(users.size());
  }

  // ---------------------------------------------------------------- search

  // "A face is searchable as soon as index returns (read-after-write)"
  @Test
  void search_afterIndex_findsFace() {
    UserId user = newUser("a");
    FaceId face = indexed(user, faces.personA());
    awaitConsistency();

    SearchResult result = index.search(faces.personAAgain(), 5);

    assertThat(result.bestMatch()).hasValueSatisfying(match -> {
      assertThat(match.userId()).isEqualTo(user);
      match.faceId().ifPresent(id -> assertThat(id).isEqualTo(face));
    });
  }

  // "searchFaces ... every match names its face and faces count as soon as index stored them"
  @Test
  void searchFaces_beforeAssociate_namesTheIndexedFace() {
    UserId user = newUser("a");
    FaceId face = index.index(user, faces.personA()).indexed().orElseThrow().faceId();
    awaitConsistency();

    SearchResult result = index.searchFaces(faces.personAAgain(), 5);

    assertThat(matchOf(result, user)).hasValueSatisfying(match -> assertThat(match.faceId()).hasValue(face));
  }

  // "associate ... Idempotent"
  @Test
  void associate_twice_leavesTheFaceSearchableAsTheUsers() {
    UserId user = newUser("a");
    FaceId face = indexed(user, faces.personA());
    index.associate(user, face);
    awaitConsistency();

    assertThat(matchOf(index.search(faces.personAAgain(), 5), user)).isPresent();
    assertThat(index.listFaces(user)).extracting(IndexedFace::faceId).containsExactly(face);
  }

  // "prepare ... Idempotent ... associate works without it"
  @Test
  void prepare_twiceWhileIndexing_thenAssociate_leavesTheFaceSearchableAsTheUsers() {
    UserId user = newUser("a");
    index.prepare(user);
    FaceId face = index.index(user, faces.personA()).indexed().orElseThrow().faceId();
    index.prepare(user);
    index.associate(user, face);
    awaitConsistency();

    assertThat(matchOf(index.search(faces.personAAgain(), 5), user)).isPresent();
    assertThat(index.listFaces(user)).extracting(IndexedFace::faceId).containsExactly(face);
  }

  // "release ... a user with a face is left alone"
  @Test
  void release_ofAUserWithAFace_leavesTheFaceSearchableAsTheUsers() {
    UserId user = newUser("a");
    index.prepare(user);
    FaceId face = indexed(user, faces.personA());
    awaitConsistency();

    index.release(user);
    awaitConsistency();

    assertThat(matchOf(index.search(faces.personAAgain(), 5), user)).isPresent();
    assertThat(index.listFaces(user)).extracting(IndexedFace::faceId).containsExactly(face);
  }

  // "release ... Idempotent"; a released user can be prepared and registered again
  @Test
  void release_twiceOfAPreparedUser_thenRegisterAgain_works() {
    UserId user = newUser("a");
    index.prepare(user);
    index.release(user);
    index.release(user);

    FaceId face = indexed(user, faces.personA());
    awaitConsistency();

    assertThat(matchOf(index.search(faces.personAAgain(), 5), user)).isPresent();
    assertThat(index.listFaces(user)).extracting(IndexedFace::faceId).containsExactly(face);
  }

  // "search reports each user ... highest first ...; it applies no threshold."
  @Test
  void search_enrolledPersonAndStranger_reportsBothHighestFirst() {
    UserId a = newUser("a");
    UserId b = newUser("b");
    indexed(a, faces.personA());
    indexed(b, faces.personB());
    awaitConsistency();

    SearchResult result = index.search(faces.personAAgain(), 10);

    assertThat(result.matches()).extracting(FaceMatch::userId).containsExactly(a, b);
    assertThat(result.matches().get(0).similarity()).isGreaterThan(result.matches().get(1).similarity());
  }

  // "search reports each user at most once, with the similarity of that user's best face"
  @Test
  void search_userWithSeveralFaces_reportsUserOnceWithBestFace() {
    UserId twoFaces = newUser("a");
    UserId oneFace = newUser("c");
    indexed(twoFaces, faces.personB());
    FaceId best = indexed(twoFaces, faces.personA());
    indexed(oneFace, faces.personA());
    awaitConsistency();

    SearchResult result = index.search(faces.personAAgain(), 10);

    assertThat(result.matches()).filteredOn(m -> m.userId().equals(twoFaces)).hasSize(1);
    FaceMatch match = matchOf(result, twoFaces).orElseThrow();
    match.faceId().ifPresent(id -> assertThat(id).isEqualTo(best));
    assertThat(match.similarity().ratio())
        .isCloseTo(matchOf(result, oneFace).orElseThrow().similarity().ratio(), within(0.01));
  }

  // "at most maxUsers"
  @Test
  void search_moreUsersThanMaxUsers_reportsMaxUsersBestFirst() {
    UserId a = newUser("a");
    indexed(a, faces.personA());
    indexed(newUser("b"), faces.personB());
    awaitConsistency();

    SearchResult result = index.search(faces.personAAgain(), 1);

    assertThat(result.matches()).extracting(FaceMatch::userId).containsExactly(a);
  }

  // "@param maxUsers the most users to report, at least 1"
  @Test
  void search_maxUsersBelowOne_throwsIllegalArgumentException() {
    assertThatThrownBy(() -> index.search(faces.personA(), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // "A probe without a face yields no matches, never an exception."
  @Test
  void search_probeWithoutFace_returnsNoMatches() {
    indexed(newUser("a"), faces.personA());
    awaitConsistency();

    SearchResult result = index.search(faces.noFace(), 5);

    assertThat(result.matches()).isEmpty();
    if (result.probeFacesComplete()) {
      assertThat(result.probeFaces()).isEmpty();
    }
  }

  // "Searches the collection for the users whose faces are most like the probe's largest face",
  // "@return ... with what the provider saw in the probe"
  @Test
  void search_probeWithSeveralFaces_searchesLargestAndReportsProbeFaces() {
    UserId a = newUser("a");
    UserId b = newUser("b");
    indexed(a, faces.personA());
    indexed(b, faces.personB());
    awaitConsistency();

    SearchResult result = index.search(faces.twoPeople(), 10);

    assertThat(result.bestMatch()).hasValueSatisfying(m -> assertThat(m.userId()).isEqualTo(a));
    if (result.probeFacesComplete()) {
      assertThat(result.probeFaces()).hasSize(2);
      assertThat(result.probeFaces().get(0).box().area())
          .isGreaterThan(result.probeFaces().get(1).box().area());
    }
  }

  // "it applies no threshold" — an empty collection simply has no matches.
  @Test
  void search_emptyCollection_returnsNoMatches() {
    SearchResult result = index.search(faces.personA(), 5);

    assertThat(result.matches()).isEmpty();
  }

  // "@throws InvalidImageException if the provider cannot read the image"
  @Test
  void search_unreadableImage_throwsInvalidImageException() {
    assertThatThrownBy(() -> index.search(ContractFaces.unreadable(), 5))
        .isInstanceOf(InvalidImageException.class);
  }

  // "Thread-safe."
  @Test
  void search_concurrently_returnsWhatEachCallReturnsAlone() {
    indexed(newUser("a"), faces.personA());
    indexed(newUser("b"), faces.personB());
    awaitConsistency();
    List<FaceImage> probes = List.of(faces.personAAgain(), faces.personB(), faces.twoPeople());
    List<List<FaceMatch>> alone = probes.stream().map(p -> index.search(p, 5).matches()).toList();

    List<List<FaceMatch>> together =
        Concurrently.run(4 * probes.size(), n -> index.search(probes.get(n % probes.size()), 5).matches());

    for (int n = 0; n < together.size(); n++) {
      assertThat(together.get(n)).isEqualTo(alone.get(n % probes.size()));
    }
  }

  // ---------------------------------------------------------------- listFaces

  // "listFaces returns every face of the user, empty for an unknown user."
  @Test
  void listFaces_unknownUser_returnsEmpty() {
    indexed(newUser("a"), faces.personA());
    awaitConsistency();

    assertThat(index.listFaces(newUser("unknown"))).isEmpty();
  }

  // "listFaces returns every face of the user"
  @Test
  void listFaces_userWithSeveralFaces_returnsEveryFaceOfThatUserOnly() {
    UserId a = newUser("a");
    FaceId first = indexed(a, faces.personA());
    FaceId second = indexed(a, faces.personAAgain());
    indexed(newUser("b"), faces.personB());
    awaitConsistency();

    List<IndexedFace> listed = index.listFaces(a);

    assertThat(listed).extracting(IndexedFace::faceId).containsExactlyInAnyOrder(first, second);
    assertThat(listed).allSatisfy(face -> assertThat(face.userId()).isEqualTo(a));
  }

  // ---------------------------------------------------------------- listAllFaces

  // "listAllFaces returns every face of the collection, of every user, each once"
  @Test
  void listAllFaces_facesOfSeveralUsers_returnsEachFaceOnceWithItsUser() {
    UserId a = newUser("a");
    UserId b = newUser("b");
    FaceId first = indexed(a, faces.personA());
    FaceId second = indexed(a, faces.personAAgain());
    FaceId third = indexed(b, faces.personB());
    awaitConsistency();

    List<IndexedFace> listed = index.listAllFaces().toList();

    assertThat(listed).extracting(IndexedFace::faceId).containsExactlyInAnyOrder(first, second, third);
    assertThat(listed).filteredOn(face -> face.faceId().equals(third))
        .singleElement().satisfies(face -> assertThat(face.userId()).isEqualTo(b));
    assertThat(listed).filteredOn(face -> !face.faceId().equals(third))
        .allSatisfy(face -> assertThat(face.userId()).isEqualTo(a));
  }

  // "listAllFaces ... empty for an empty collection"
  @Test
  void listAllFaces_emptyCollection_returnsEmpty() {
    assertThat(index.listAllFaces().toList()).isEmpty();
  }

  // "listAllFaces returns every face of the collection": a deleted face is no longer one.
  @Test
  void listAllFaces_afterDeleteFaces_omitsDeletedFace() {
    UserId a = newUser("a");
    FaceId deleted = indexed(a, faces.personA());
    FaceId kept = indexed(newUser("b"), faces.personB());
    index.deleteFaces(a, List.of(deleted));
    awaitConsistency();

    assertThat(index.listAllFaces().toList()).extracting(IndexedFace::faceId).containsExactly(kept);
  }

  // ---------------------------------------------------------------- deleteFaces

  // "deleteFaces ... deletes the named faces of the user that exist and returns their ids"
  @Test
  void deleteFaces_existingFaces_deletesThemAndReturnsTheirIds() {
    UserId a = newUser("a");
    FaceId first = indexed(a, faces.personA());
    FaceId second = indexed(a, faces.personAAgain());
    awaitConsistency();

    Set<FaceId> deleted = index.deleteFaces(a, List.of(first, second));

    assertThat(deleted).containsExactlyInAnyOrder(first, second);
    awaitConsistency();
    assertThat(index.listFaces(a)).isEmpty();
    assertThat(matchOf(index.search(faces.personA(), 5), a)).isEmpty();
  }

  // "deleteFaces is idempotent"
  @Test
  void deleteFaces_again_returnsNoIds() {
    UserId a = newUser("a");
    FaceId face = indexed(a, faces.personA());
    index.deleteFaces(a, List.of(face));
    awaitConsistency();

    Set<FaceId> again = index.deleteFaces(a, List.of(face));

    assertThat(again).isEmpty();
  }

  // "ids that do not exist ... are left alone"
  @Test
  void deleteFaces_someIdsUnknown_deletesOnlyExistingFaces() {
    UserId a = newUser("a");
    FaceId first = indexed(a, faces.personA());
    FaceId kept = indexed(a, faces.personAAgain());
    FaceId unknown = FaceId.of(UUID.randomUUID().toString());
    awaitConsistency();

    Set<FaceId> deleted = index.deleteFaces(a, List.of(first, unknown));

    assertThat(deleted).containsExactly(first);
    awaitConsistency();
    assertThat(index.listFaces(a)).extracting(IndexedFace::faceId).containsExactly(kept);
  }

  // "ids that ... belong to another user, are left alone"
  @Test
  void deleteFaces_faceOfAnotherUser_leavesItAlone() {
    UserId a = newUser("a");
    UserId b = newUser("b");
    indexed(a, faces.personA());
    FaceId ofB = indexed(b, faces.personB());
    awaitConsistency();

    Set<FaceId> deleted = index.deleteFaces(a, List.of(ofB));

    assertThat(deleted).isEmpty();
    awaitConsistency();
    assertThat(index.listFaces(b)).extracting(IndexedFace::faceId).containsExactly(ofB);
  }

  // After a deletion the same image is a new face: nothing of the deleted face remains.
  @Test
  void index_afterFaceDeleted_indexesImageAgain() {
    UserId a = newUser("a");
    FaceId first = indexed(a, faces.personA());
    index.deleteFaces(a, List.of(first));
    awaitConsistency();

    indexed(a, faces.personA());

    awaitConsistency();
    assertThat(index.listFaces(a)).hasSize(1);
  }
}
