package io.github.idvkit;

import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * A request to register a user: their selfie (or a liveness session that yields it) and, optionally,
 * the ID photo it must match.
 *
 * <pre>{@code
 * RegisterRequest request = RegisterRequest.builder()
 *     .userId("alice@example.com")
 *     .selfie(FaceImage.fromPath(selfie))
 *     .idPhoto(StoredImage.of("s3://ids/alice.jpg"))
 *     .build();
 * }</pre>
 *
 * <p>With liveness, the selfie is the session's reference image:
 *
 * <pre>{@code
 * LivenessSessionId session = verifier.startLiveness(UserId.of("alice@example.com"), Flow.REGISTER);
 * // ... the browser runs the check on that session id ...
 * verifier.register(req -> req.userId("alice@example.com").livenessSession(session));
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

  /** The live selfie whose face is registered; absent when a {@link #livenessSession()} is given. */
  Optional<FaceImage> selfie();

  /**
   * A liveness session started for this user and flow with {@link
   * IdentityVerifier#startLiveness}, instead of a selfie: idv fetches its result from the provider
   * and, if it passes, uses its reference image as the selfie for every later step.
   */
  Optional<LivenessSessionId> livenessSession();

  /**
   * The caller's key for attempt limits besides the user, such as a device id (1-128 characters,
   * stored only as a digest): consecutive failures lock out the user and, separately, this key.
   */
  Optional<String> attemptKey();


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

  /**
   * Whether the selfie is another face of a registered user, kept beside their faces (a second
   * photo makes later logins of a person whose look varies more reliable); {@code false} by
   * default. The selfie must match the user's latest registered face at the login threshold
   * ({@link RegisterDecision#USER_NOT_MATCHED} otherwise) and passes every check a first
   * registration does; for a user not registered yet it is a first registration. Not together
   * with {@link #replaceExisting()}.
   */
  @Value.Default
  default boolean addFace() {
    return false;
  }

  /**
   * Registered users a person compared this selfie with, after a {@link
   * RegisterDecision#DUPLICATE_SUSPECTED}, and found to be someone else: a resemblance to them in
   * the review band no longer stops the registration. A match at or above the duplicate threshold
   * still does ({@link RegisterDecision#FACE_ALREADY_REGISTERED}). Empty by default.
   */
  Set<UserId> clearedDuplicates();

  /**
   * Checks that the request has a selfie or a liveness session (one of them), and the shapes of
   * the request id and the attempt key.
   */
  @Value.Check
  default void check() {
    if (selfie().isPresent() == livenessSession().isPresent()) {
      throw new IllegalStateException(
          "A request carries a selfie or a liveness session: exactly one of them");
    }
    if (addFace() && replaceExisting()) {
      throw new IllegalStateException("A request adds a face or replaces the faces, not both");
    }
    attemptKey().ifPresent(key -> {
      if (key.isEmpty() || key.length() > 128 || key.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException(
            "An attempt key is 1-128 characters without control characters");
      }
    });
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
