package io.github.idvkit.spi;

import io.github.idvkit.FaceId;
import io.github.idvkit.UserId;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

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
 *       pages through the store lazily, as the stream is read (never the whole table in memory),
 *       and is meant for maintenance (reconciliation), not for flows. Close the stream when done.
 *   <li>{@link #delete} is idempotent and returns whether the record existed.
 *   <li>Face ids are unique per collection; should two users hold the same face id, {@link
 *       #findByFace} returns either record.
 *   <li>At most one {@link RegistrationIntent} exists per user. {@link #createIntent} writes only if
 *       none exists; {@link #replaceIntent} and {@link #deleteIntent} write only if the current
 *       intent belongs to the named attempt (replace also only while it is pending). Each says
 *       whether it wrote; of concurrent conditional writes on one user exactly one wins.
 *   <li>{@link #findIntent} reads the latest intent (read-after-write, whatever the store's
 *       consistency for other reads).
 *   <li>{@link #findIntents} returns every intent, each once, lazily, like {@link #findAll}.
 *   <li>Intents are not records: {@link #findByUser}, {@link #findByFace} and {@link #findAll}
 *       never return them, and {@link #delete} never deletes one.
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
   * @return the records, each once, in no particular order, read lazily; empty if none
   * @throws io.github.idvkit.ConfigurationException if the store does not exist or access is
   *     denied
   * @throws io.github.idvkit.ProviderException if the store fails
   */
  Stream<FaceRecord> findAll();

  /**
   * Deletes the record of a user's face.
   *
   * @param user the owner
   * @param faceId the face
   * @return {@code true} if it existed
   * @throws io.github.idvkit.ProviderException if the store fails
   */
  boolean delete(UserId user, FaceId faceId);

  /**
   * Writes a registration intent unless the user has one.
   *
   * @param intent the intent, usually {@link RegistrationIntent.State#PENDING}
   * @return {@code true} if written, {@code false} if the user had an intent
   * @throws io.github.idvkit.ConfigurationException if the store does not exist or access is
   *     denied
   * @throws io.github.idvkit.ProviderException if the store fails
   */
  boolean createIntent(RegistrationIntent intent);

  /**
   * Replaces the user's pending intent, if it belongs to {@code attemptId}.
   *
   * @param attemptId the attempt that must hold the current intent
   * @param intent the new intent for the same user (its attempt id may differ: a takeover)
   * @return {@code true} if written; {@code false} if the user has no intent, or one of another
   *     attempt, or a committed one
   * @throws io.github.idvkit.ProviderException if the store fails
   */
  boolean replaceIntent(String attemptId, RegistrationIntent intent);

  /**
   * Reads a user's intent, seeing every write that returned before.
   *
   * @param user the user
   * @return the intent, or empty if none
   * @throws io.github.idvkit.ProviderException if the store fails
   */
  Optional<RegistrationIntent> findIntent(UserId user);

  /**
   * Deletes a user's intent, if it belongs to {@code attemptId} (pending or committed).
   *
   * @param user the user
   * @param attemptId the attempt that must hold the intent
   * @return {@code true} if deleted
   * @throws io.github.idvkit.ProviderException if the store fails
   */
  boolean deleteIntent(UserId user, String attemptId);

  /**
   * Finds every intent, of every user.
   *
   * @return the intents, each once, in no particular order, read lazily; empty if none
   * @throws io.github.idvkit.ConfigurationException if the store does not exist or access is
   *     denied
   * @throws io.github.idvkit.ProviderException if the store fails
   */
  Stream<RegistrationIntent> findIntents();
}
