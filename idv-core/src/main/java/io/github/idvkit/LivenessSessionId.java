package io.github.idvkit;

/**
 * The id of a liveness session, as {@link IdentityVerifier#startLiveness} hands it to the client
 * and the client hands it back with its {@link RegisterRequest} or {@link LoginRequest}.
 *
 * <p>1-128 characters of {@code [A-Za-z0-9_.:-]}; Rekognition's are 36-character UUIDs. It is no
 * secret and proves nothing by itself: idv fetches the session's result from the provider and
 * accepts it only for the user and flow it was started for, once, inside its lifetime.
 *
 * @param value the provider's session id
 */
public record LivenessSessionId(String value) {

  /**
   * Creates a session id.
   *
   * @throws IllegalArgumentException if blank, longer than 128 characters or outside {@code
   *     [A-Za-z0-9_.:-]}
   */
  public LivenessSessionId {
    if (value == null || value.isEmpty() || value.length() > 128 || !value.matches("[A-Za-z0-9_.:\\-]+")) {
      throw new IllegalArgumentException(
          "A liveness session id is 1-128 characters of [A-Za-z0-9_.:-]");
    }
  }

  /**
   * Returns the session id for {@code value}.
   *
   * @param value the provider's session id
   * @return the session id
   * @throws IllegalArgumentException as {@link #LivenessSessionId(String)}
   */
  public static LivenessSessionId of(String value) {
    return new LivenessSessionId(value);
  }
}
