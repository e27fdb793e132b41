package io.github.idvkit.spi;

import io.github.idvkit.FaceId;
import io.github.idvkit.FaceImage;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Keeps the normalised images of indexed faces, so a collection can be rebuilt for a new face
 * model and a decision can be reviewed.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Thread-safe.
 *   <li>Images are kept under {@link ImageKeys#key(UserId, FaceId)}, below the store's own prefix:
 *       keys never hold the raw user id and cannot escape the prefix.
 *   <li>{@link #put} is idempotent: putting the same key again replaces the image and returns the
 *       same reference. Stores encrypt at rest where the medium allows it.
 *   <li>{@link #get} returns the bytes that were put; empty for a reference that does not exist.
 *   <li>{@link #delete} is idempotent and returns whether the image existed.
 *   <li>{@link #list} returns every image of the user, empty for an unknown user.
 *   <li>{@link #listAll} returns every image below the store's prefix, of every user, each once and
 *       equal to the reference {@link #put} returned for it, in no particular order. It pages through
 *       the store lazily as the stream is read and is meant for maintenance (reconciliation), not
 *       for flows. Objects below the prefix that idv did not write (keys outside {@link ImageKeys}'s
 *       layout) are foreign: never listed, never deleted.
 *   <li>A reference the store does not hold (another scheme, bucket or prefix) throws {@link
 *       io.github.idvkit.ConfigurationException} from {@link #get} and {@link #delete}.
 *   <li>No store hands out public URLs.
 * </ul>
 */
public interface ImageStore {

  /**
   * Stores an image of a user's face.
   *
   * @param user the owner
   * @param faceId the indexed face the image shows
   * @param image the normalised image
   * @return the reference to the stored image
   * @throws io.github.idvkit.ConfigurationException if the store does not exist or access is
   *     denied
   * @throws io.github.idvkit.ProviderException if the store fails
   */
  StoredImage put(UserId user, FaceId faceId, FaceImage image);

  /**
   * Reads a stored image.
   *
   * @param image the reference
   * @return the image, or empty if it does not exist
   * @throws io.github.idvkit.ConfigurationException if access is denied
   * @throws io.github.idvkit.ProviderException if the store fails
   */
  Optional<FaceImage> get(StoredImage image);

  /**
   * Deletes a stored image.
   *
   * @param image the reference
   * @return {@code true} if it existed
   * @throws io.github.idvkit.ProviderException if the store fails
   */
  boolean delete(StoredImage image);

  /**
   * Lists a user's stored images.
   *
   * @param user the owner
   * @return the references, empty if none
   * @throws io.github.idvkit.ProviderException if the store fails
   */
  List<StoredImage> list(UserId user);

  /**
   * Lists every stored image, of every user.
   *
   * @return the references, each once, in no particular order; empty if none
   * @throws io.github.idvkit.ConfigurationException if the store does not exist or access is
   *     denied
   * @throws io.github.idvkit.ProviderException if the store fails
   */
  Stream<StoredImage> listAll();
}
