package io.github.idvkit;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * A request to log in a returning user who claims an identity: the selfie must match that user.
 *
 * <pre>{@code
 * LoginResult result = verifier.login(req -> req.userId("alice@example.com").selfie(camera));
 * LoginResult live = verifier.login(req -> req.userId("alice@example.com").livenessSession(session));
 * }</pre>
 */
@Value.Immutable
public interface LoginRequest {

  /** The identity the user claims. */
  UserId userId();

  /** The live selfie; absent when a {@link #livenessSession()} is given. */
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

  /**
   * Checks that the request has a selfie or a liveness session (one of them), and the attempt
   * key's shape.
   */
  @Value.Check
  default void check() {
    if (selfie().isPresent() == livenessSession().isPresent()) {
      throw new IllegalStateException(
          "A request carries a selfie or a liveness session: exactly one of them");
    }
    attemptKey().ifPresent(key -> {
      if (key.isEmpty() || key.length() > 128 || key.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException(
            "An attempt key is 1-128 characters without control characters");
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

  /** Builds {@link LoginRequest}. */
  final class Builder extends ImmutableLoginRequest.Builder {
    /**
     * Sets the claimed user id from the application's id.
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
