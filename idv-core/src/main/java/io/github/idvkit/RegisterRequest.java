package io.github.idvkit;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * A request to register a user: their selfie and, optionally, the ID photo it must match.
 *
 * <pre>{@code
 * RegisterRequest request = RegisterRequest.builder()
 *     .userId("alice@example.com")
 *     .selfie(FaceImage.fromPath(selfie))
 *     .idPhoto(StoredImage.of("s3://ids/alice.jpg"))
 *     .build();
 * }</pre>
 *
 * <p>{@link #requestId()} is the idempotency key: repeating a request with the same user and key
 * returns the first registration instead of registering twice. Without one, the key is derived from
 * the selfie's bytes, so an exact retry is idempotent too.
 */
@Value.Immutable
public interface RegisterRequest {

  /** The user to register. */
  UserId userId();

  /** The live selfie whose face is registered. */
  FaceImage selfie();

  /** The ID photo the selfie must match, as bytes or a stored image; absent skips the ID check. */
  Optional<ImageSource> idPhoto();

  /** The caller's idempotency key, if any (1-64 characters of {@code [A-Za-z0-9_.-]}). */
  Optional<String> requestId();

  /**
   * Whether the selfie replaces the face of a user who is registered already; {@code false} by
   * default, when a registered user gets {@link RegisterDecision#USER_ALREADY_REGISTERED}. The new
   * face passes every check a first registration does (gate, ID photo, duplicate); only once it is
   * committed are the old face, image and record removed, so a replacement that fails leaves the
   * old face working.
   */
  @Value.Default
  default boolean replaceExisting() {
    return false;
  }

  /** Checks the request id's shape. */
  @Value.Check
  default void check() {
    requestId().ifPresent(id -> {
      if (!id.matches("[A-Za-z0-9_.\\-]{1,64}")) {
        throw new IllegalArgumentException(
            "A request id must be 1-64 characters of [A-Za-z0-9_.-]");
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

  /** Builds {@link RegisterRequest}. */
  final class Builder extends ImmutableRegisterRequest.Builder {
    /**
     * Sets the user id from the application's id.
     *
     * @param userId for example {@code "alice@example.com"}
     * @return this builder
     */
    public Builder userId(String userId) {
      userId(UserId.of(userId));
      return this;
    }
  }
}
