package io.github.idvkit;

import java.time.Instant;
import java.util.Set;
import org.immutables.value.Value;

/**
 * The receipt of {@link IdentityVerifier#forget}: what was erased, confirmed by listing afterwards
 * that nothing of the user is left.
 */
@Value.Immutable
public interface ForgetResult {

  /** The forgotten user. */
  UserId userId();

  /** The faces deleted from the index. */
  Set<FaceId> deletedFaces();

  /** How many stored images were deleted. */
  int deletedImages();

  /** How many face records were deleted. */
  int deletedRecords();

  /** When the erasure was confirmed. */
  Instant completedAt();

  /**
   * Tells whether anything was erased; {@code false} when the user was unknown (forget is
   * idempotent).
   *
   * @return {@code true} if a face, image or record was deleted
   */
  default boolean anythingDeleted() {
    return !deletedFaces().isEmpty() || deletedImages() > 0 || deletedRecords() > 0;
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  static Builder builder() {
    return new Builder();
  }

  /** Builds {@link ForgetResult}. */
  final class Builder extends ImmutableForgetResult.Builder {}
}
