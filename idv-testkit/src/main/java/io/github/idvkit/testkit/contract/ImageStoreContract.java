package io.github.idvkit.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.ConfigurationException;
import io.github.idvkit.FaceId;
import io.github.idvkit.FaceImage;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.ImageKeys;
import io.github.idvkit.spi.ImageStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract of {@link ImageStore}: every provider's store passes this suite.
 *
 * <pre>{@code
 * class InMemoryImageStoreTest extends ImageStoreContract {
 *   @Override protected ImageStore newSubject() { return InMemoryImageStore.create(); }
 *   @Override protected ContractFaces faces() { return ContractFaces.synthetic(); }
 * }
 * }</pre>
 *
 * <p>"Stores encrypt at rest where the medium allows it" cannot be seen through the port; a
 * provider checks it in its own tests.
 */
public abstract class ImageStoreContract {

  @RegisterExtension final ImageLeakCheck imageLeakCheck = new ImageLeakCheck(() -> faces().all());

  private ImageStore store;
  private ContractFaces faces;

  /** Creates the suite. */
  protected ImageStoreContract() {}

  /**
   * Returns a new store to test; called before every test. Users are new per test, so the store
   * need not be empty.
   *
   * @return the store
   */
  protected abstract ImageStore newSubject();

  /**
   * Returns the images to store.
   *
   * @return the images
   */
  protected abstract ContractFaces faces();

  /** Waits until the store's last writes are visible to reads. Does nothing by default. */
  protected void awaitConsistency() {}

  /** Releases what {@link #newSubject()} made; called after every test. */
  protected void cleanUp() {}

  @BeforeEach
  final void createSubject() {
    store = newSubject();
    faces = faces();
  }

  @AfterEach
  final void releaseSubject() {
    cleanUp();
  }

  private static UserId newUser() {
    return UserId.of("Contract.User+" + UUID.randomUUID() + "@example.com");
  }

  private static FaceId newFace() {
    return FaceId.of(UUID.randomUUID().toString());
  }

  // "Images are kept under ImageKeys#key(UserId, FaceId), below the store's own prefix"
  @Test
  void put_newImage_returnsReferenceEndingInImageKey() {
    UserId user = newUser();
    FaceId face = newFace();

    StoredImage reference = store.put(user, face, faces.personA());

    assertThat(reference.uri().toString()).endsWith(ImageKeys.key(user, face));
  }

  // "keys never hold the raw user id"
  @Test
  void put_anyUser_referenceHoldsNoRawUserId() {
    UserId user = newUser();

    StoredImage reference = store.put(user, newFace(), faces.personA());

    String uri = reference.uri().toString();
    assertThat(uri)
        .doesNotContain(user.value())
        .doesNotContain(URLEncoder.encode(user.value(), StandardCharsets.UTF_8))
        .doesNotContain(user.providerSafe());
  }

  // "keys ... cannot escape the prefix"
  @Test
  void put_userIdWithPathCharacters_staysBelowPrefix() {
    UserId user = UserId.of("../../" + UUID.randomUUID() + "/../etc/passwd");
    FaceId face = newFace();

    StoredImage reference = store.put(user, face, faces.personA());

    assertThat(reference.uri().getPath()).doesNotContain("..").endsWith(ImageKeys.key(user, face));
    awaitConsistency();
    assertThat(store.list(user)).containsExactly(reference);
  }

  // "No store hands out public URLs."
  @Test
  void put_anyImage_returnsNoPublicUrl() {
    StoredImage reference = store.put(newUser(), newFace(), faces.personA());

    assertThat(reference.scheme()).isNotIn("http", "https", "HTTP", "HTTPS");
    assertThat(reference.uri().getQuery()).as("query (a presigned URL)").isNull();
    assertThat(reference.uri().getUserInfo()).as("user info").isNull();
  }

  // "put is idempotent: putting the same key again replaces the image and returns the same
  // reference."
  @Test
  void put_sameKeyAgain_replacesImageAndReturnsSameReference() {
    UserId user = newUser();
    FaceId face = newFace();
    StoredImage first = store.put(user, face, faces.personA());
    awaitConsistency();

    StoredImage second = store.put(user, face, faces.personB());

    awaitConsistency();
    assertThat(second).isEqualTo(first);
    assertThat(store.get(second)).hasValueSatisfying(
        image -> assertThat(image.bytes()).isEqualTo(faces.personB().bytes()));
    assertThat(store.list(user)).containsExactly(first);
  }

  // "Thread-safe."
  @Test
  void put_concurrentlyForManyFaces_storesEveryImage() {
    UserId user = newUser();
    List<FaceImage> images = List.of(faces.personA(), faces.personAAgain(), faces.personB());

    List<StoredImage> references =
        Concurrently.run(8, n -> store.put(user, newFace(), images.get(n % images.size())));

    awaitConsistency();
    assertThat(store.list(user)).containsExactlyInAnyOrderElementsOf(references);
    for (int n = 0; n < references.size(); n++) {
      assertThat(store.get(references.get(n)).orElseThrow().bytes())
          .isEqualTo(images.get(n % images.size()).bytes());
    }
  }

  // "get returns the bytes that were put"
  @Test
  void get_storedImage_returnsTheBytesThatWerePut() {
    StoredImage reference = store.put(newUser(), newFace(), faces.personA());
    awaitConsistency();

    Optional<FaceImage> image = store.get(reference);

    assertThat(image).hasValueSatisfying(
        i -> assertThat(i.bytes()).isEqualTo(faces.personA().bytes()));
  }

  // "empty for a reference that does not exist"
  @Test
  void get_neverStoredReference_returnsEmpty() {
    FaceId stored = newFace();
    StoredImage reference = store.put(newUser(), stored, faces.personA());
    StoredImage neverStored =
        StoredImage.of(reference.uri().toString().replace(stored.value(), newFace().value()));
    awaitConsistency();

    assertThat(store.get(neverStored)).isEmpty();
  }

  // "delete is idempotent and returns whether the image existed."
  @Test
  void delete_storedImage_returnsTrueThenFalse() {
    StoredImage reference = store.put(newUser(), newFace(), faces.personA());
    awaitConsistency();

    boolean first = store.delete(reference);
    boolean second = store.delete(reference);

    assertThat(first).isTrue();
    assertThat(second).isFalse();
    awaitConsistency();
    assertThat(store.get(reference)).isEmpty();
  }

  // "delete ... returns whether the image existed."
  @Test
  void delete_neverStoredReference_returnsFalse() {
    FaceId stored = newFace();
    StoredImage reference = store.put(newUser(), stored, faces.personA());
    StoredImage neverStored =
        StoredImage.of(reference.uri().toString().replace(stored.value(), newFace().value()));

    assertThat(store.delete(neverStored)).isFalse();
  }

  // "list returns every image of the user"
  @Test
  void list_userWithImages_returnsEveryImageOfThatUserOnly() {
    UserId user = newUser();
    StoredImage first = store.put(user, newFace(), faces.personA());
    StoredImage second = store.put(user, newFace(), faces.personAAgain());
    store.put(newUser(), newFace(), faces.personB());
    awaitConsistency();

    List<StoredImage> listed = store.list(user);

    assertThat(listed).containsExactlyInAnyOrder(first, second);
  }

  // "list returns ... empty for an unknown user."
  @Test
  void list_unknownUser_returnsEmpty() {
    store.put(newUser(), newFace(), faces.personA());
    awaitConsistency();

    assertThat(store.list(newUser())).isEmpty();
  }

  // "list returns every image of the user": a deleted image is no longer one.
  @Test
  void list_afterDelete_omitsDeletedImage() {
    UserId user = newUser();
    StoredImage deleted = store.put(user, newFace(), faces.personA());
    StoredImage kept = store.put(user, newFace(), faces.personB());
    store.delete(deleted);
    awaitConsistency();

    assertThat(store.list(user)).containsExactly(kept);
  }

  // "listAll returns every image below the store's prefix, of every user, each once and equal to
  // the reference put returned for it"
  @Test
  void listAll_imagesOfSeveralUsers_returnsEachReferenceOnceAsPutReturnedIt() {
    StoredImage first = store.put(newUser(), newFace(), faces.personA());
    StoredImage second = store.put(newUser(), newFace(), faces.personB());
    awaitConsistency();

    List<StoredImage> listed = store.listAll().toList();

    assertThat(listed).contains(first, second).doesNotHaveDuplicates();
  }

  // "listAll returns every image": a deleted image is no longer one.
  @Test
  void listAll_afterDelete_omitsDeletedImage() {
    StoredImage deleted = store.put(newUser(), newFace(), faces.personA());
    StoredImage kept = store.put(newUser(), newFace(), faces.personB());
    store.delete(deleted);
    awaitConsistency();

    assertThat(store.listAll().toList()).contains(kept).doesNotContain(deleted);
  }

  /**
   * Puts an object below the subject's prefix the way another application sharing the bucket or
   * folder would, at a key outside idv's layout (for example {@code "reports/2026.csv"}). Returns
   * empty where the medium cannot be shared; the foreign-data tests are then skipped.
   *
   * @param key the key below the store's prefix
   * @param image the content
   * @return the object's reference, or empty
   */
  protected Optional<StoredImage> addForeignObject(String key, FaceImage image) {
    return Optional.empty();
  }

  /**
   * Tells whether an object added by {@link #addForeignObject} is still there.
   *
   * @param reference the object
   * @return whether it is there
   */
  protected boolean foreignObjectExists(StoredImage reference) {
    throw new UnsupportedOperationException("override with addForeignObject");
  }

  // "A reference the store does not hold (another scheme, bucket or prefix) throws
  // ConfigurationException from get and delete."
  @Test
  void getAndDelete_referenceOfAnotherStore_throwConfigurationException() {
    StoredImage elsewhere = StoredImage.of("elsewhere://another-store/faces/0123/face.jpg");

    assertThatThrownBy(() -> store.get(elsewhere)).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> store.delete(elsewhere)).isInstanceOf(ConfigurationException.class);
  }

  @Test
  void getAndDelete_referenceOfAnotherStoreOfTheSameKind_throwConfigurationException() {
    StoredImage own = store.put(newUser(), newFace(), faces.personA());
    StoredImage elsewhere =
        StoredImage.of(own.uri().getScheme() + "://another-idv-store-" + UUID.randomUUID() + "/faces/0123/face.jpg");

    assertThatThrownBy(() -> store.get(elsewhere)).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> store.delete(elsewhere)).isInstanceOf(ConfigurationException.class);
  }

  // "Objects below the prefix that idv did not write ... are foreign: never listed, never deleted."
  @Test
  void listAll_foreignObjectBelowPrefix_isNotListed() {
    Optional<StoredImage> foreign = addForeignObject("reports/2026.jpg", faces.personA());
    Assumptions.assumeTrue(foreign.isPresent(), "this provider's stores hold only idv's images");

    assertThat(store.listAll().toList()).doesNotContain(foreign.get());
  }

  // "... never deleted"
  @Test
  void delete_foreignObjectBelowPrefix_leavesIt() {
    Optional<StoredImage> foreign = addForeignObject("faces/readme.jpg", faces.personA());
    Assumptions.assumeTrue(foreign.isPresent(), "this provider's stores hold only idv's images");

    boolean deleted = store.delete(foreign.get());

    assertThat(deleted).isFalse();
    assertThat(foreignObjectExists(foreign.get())).isTrue();
  }
}
