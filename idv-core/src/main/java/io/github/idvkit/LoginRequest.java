package io.github.idvkit;

import org.immutables.value.Value;

/**
 * A request to log in a returning user who claims an identity: the selfie must match that user.
 *
 * <pre>{@code
 * LoginResult result = verifier.login(req -> req.userId("alice@example.com").selfie(camera));
 * }</pre>
 */
@Value.Immutable
public interface LoginRequest {

  /** The identity the user claims. */
  UserId userId();

  /** The live selfie. */
  FaceImage selfie();

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
