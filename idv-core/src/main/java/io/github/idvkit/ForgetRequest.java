package io.github.idvkit;

import org.immutables.value.Value;

/** A request to erase every face, image and record of a user. */
@Value.Immutable
public interface ForgetRequest {

  /** The user to forget. */
  UserId userId();

  /**
   * Returns a request for {@code userId}.
   *
   * @param userId the user
   * @return the request
   */
  static ForgetRequest of(UserId userId) {
    return builder().userId(userId).build();
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  static Builder builder() {
    return new Builder();
  }

  /** Builds {@link ForgetRequest}. */
  final class Builder extends ImmutableForgetRequest.Builder {
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
