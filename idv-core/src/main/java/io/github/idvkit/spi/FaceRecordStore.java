package io.github.idvkit.spi;

import io.github.idvkit.FaceId;
import io.github.idvkit.UserId;
import java.util.List;
import java.util.Optional;

/**
 * Keeps one record per indexed face: whose face it is, where its image is, which provider,
 * collection and model made it, its quality and when. Records never hold image bytes.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Thread-safe.
 *   <li>{@link #create} is conditional: it writes only if no record exists for the same user and
 *       face, and says whether it wrote; of concurrent creates of one key exactly one wins.
 *   <li>{@link #findByUser} returns every record of the user, oldest first, empty for an unknown
 *       user; {@link #findByFace} returns empty for an unknown face.
 *   <li>A record is readable as soon as {@link #create} returns (read-after-write), unless the
 *       store documents otherwise and its contract test waits for it.
 *   <li>{@link #findAll} returns every record of every user, each once, in no particular order. It
 *       pages through the store as needed and is meant for
 *       maintenance (reconciliation), not for flows.
 *   <li>{@link #delete} is idempotent and returns whether the record existed.
 *   <li>Face ids are unique per collection; should two users hold the same face id, {@link
 *       #findByFace} returns either record.
 * </ul>
 */
public interface FaceRecordStore {

  /**
   * Writes a record unless one exists for its user and face.
   *
   * @param record the record
   * @return {@code true} if written, {@code false} if a record for that user and face existed
   * @throws io.github.idvkit.ConfigurationException if the store does not exist or access is
   *     denied
   * @throws io.github.idvkit.ProviderException if the store fails
   */
  boolean create(FaceRecord record);

  /**
   * Finds a user's records.
   *
   * @param user the user
   * @return the records, oldest first, empty if none
   * @throws io.github.idvkit.ProviderException if the store fails
   */
  List<FaceRecord> findByUser(UserId user);

  /**
   * Finds the record of a face.
   *
   * @param faceId the face
   * @return the record, or empty if none
   * @throws io.github.idvkit.ProviderException if the store fails
   */
  Optional<FaceRecord> findByFace(FaceId faceId);

  /**
   * Finds every record, of every user.
   *
   * @return the records, each once, in no particular order; empty if none
   * @throws io.github.idvkit.ConfigurationException if the store does not exist or access is
   *     denied
   * @throws io.github.idvkit.ProviderException if the store fails
   */
  List<FaceRecord> findAll();

  /**
   * Deletes the record of a user's face.
   *
   * @param user the owner
   * @param faceId the face
   * @return {@code true} if it existed
   * @throws io.github.idvkit.ProviderException if the store fails
   */
  boolean delete(UserId user, FaceId faceId);
}
