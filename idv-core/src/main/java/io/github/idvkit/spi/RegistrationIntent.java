package io.github.idvkit.spi;

import io.github.idvkit.FaceId;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import java.time.Instant;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A registration attempt's claim on a user, kept in the {@link FaceRecordStore} before the attempt
 * makes any side effect. At most one intent exists per user; only the attempt that holds it indexes,
 * stores or undoes anything for that user, so two app instances that run the same registration (a
 * client's retry landing on another instance) never undo each other's work.
 *
 * <p>An attempt writes its intent {@link State#PENDING} ({@link FaceRecordStore#createIntent}),
 * records each side effect as it completes ({@link #faceId()}, then {@link #image()}) and commits by
 * turning the intent {@link State#COMMITTED} with the record to write ({@link #record()}); the face
 * record is written after that. A committed intent stays as the user's registration marker: a retry of
 * the same request replays it, another request is refused. A pending intent whose {@link
 * #updatedAt()} is older than the verifier's intent timeout belongs to an attempt that died; the next
 * attempt takes it over and undoes what it had recorded. An attempt that fails and cannot undo its
 * side effects writes its intent with {@link #updatedAt()} at {@link Instant#EPOCH}: stale at once,
 * so the next attempt finishes the undo without waiting.
 */
@Value.Immutable
public interface RegistrationIntent {

  /** Where an attempt stands. */
  enum State {
    /** The attempt is running, or died before committing. */
    PENDING,
    /** The attempt committed: its face is the user's registration. */
    COMMITTED
  }

  /** The user being registered. */
  UserId userId();

  /** The registration's idempotency key: retries of one registration share it. */
  String requestId();

  /** The attempt's own id: unique per attempt, even for retries of one request. */
  String attemptId();

  /** Where the attempt stands. */
  State state();

  /** When the attempt began. */
  Instant startedAt();

  /** When the attempt last wrote its intent; a pending intent is stale once this is old enough. */
  Instant updatedAt();

  /** The face the attempt indexed, once indexed. */
  Optional<FaceId> faceId();

  /** The image the attempt stored, once stored. */
  Optional<StoredImage> image();

  /** The record the attempt writes after committing; present once committed. */
  Optional<FaceRecord> record();

  /**
   * Tells whether the attempt committed.
   *
   * @return {@code true} for {@link State#COMMITTED}
   */
  default boolean committed() {
    return state() == State.COMMITTED;
  }

  /** Checks that a committed intent holds its record, face and image. */
  @Value.Check
  default void check() {
    if (committed() && (record().isEmpty() || faceId().isEmpty() || image().isEmpty())) {
      throw new IllegalArgumentException("A committed intent holds its face, image and record");
    }
    record().ifPresent(r -> {
      if (!r.userId().equals(userId()) || !r.requestId().equals(requestId())) {
        throw new IllegalArgumentException("An intent's record is for the intent's user and request");
      }
    });
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder that starts from this intent.
   *
   * @return the builder
   */
  default Builder toBuilder() {
    Builder builder = builder();
    builder.from(this);
    return builder;
  }

  /** Builds {@link RegistrationIntent}. */
  final class Builder extends ImmutableRegistrationIntent.Builder {}
}
