package io.github.idvkit;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A provider call failed: the service throttled, timed out, was unavailable or answered with an
 * error. {@link #retryable()} tells whether the same call may succeed later; {@link #requestId()}
 * keeps the provider's request id for support cases.
 */
public final class ProviderException extends IdvException {

  private static final long serialVersionUID = 1L;

  /** What kind of failure this is. */
  public enum Kind {
    /** The provider asked the caller to slow down. Retryable. */
    THROTTLED(true),
    /** The call did not finish in time. Retryable. */
    TIMEOUT(true),
    /** The provider is unavailable or failed internally (5xx). Retryable. */
    UNAVAILABLE(true),
    /** The provider refused the request as invalid. Not retryable. */
    REJECTED(false),
    /** A write conflicted with a concurrent one. Retryable. */
    CONFLICT(true);

    private final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }

    /**
     * Tells whether failures of this kind are retryable.
     *
     * @return {@code true} if a retry may succeed
     */
    public boolean retryable() {
      return retryable;
    }
  }

  private final Kind kind;
  private final String provider;
  private final String operation;
  private final @Nullable String requestId;

  /**
   * Creates the exception.
   *
   * @param kind what kind of failure
   * @param provider the provider, for example {@code "rekognition"}
   * @param operation the failed operation, for example {@code "IndexFaces"}
   * @param requestId the provider's request id, or {@code null}
   * @param message what failed and how to fix it; never image bytes or raw user ids
   * @param cause the provider's exception, or {@code null}
   */
  public ProviderException(
      Kind kind,
      String provider,
      String operation,
      @Nullable String requestId,
      String message,
      @Nullable Throwable cause) {
    super(provider + " " + operation + " failed (" + kind + "): " + message
        + (requestId == null ? "" : " [requestId=" + requestId + "]"), cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.provider = Objects.requireNonNull(provider, "provider");
    this.operation = Objects.requireNonNull(operation, "operation");
    this.requestId = requestId;
  }

  /**
   * Returns what kind of failure this is.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Returns the provider that failed, for example {@code "rekognition"} or {@code "s3"}.
   *
   * @return the provider
   */
  public String provider() {
    return provider;
  }

  /**
   * Returns the operation that failed, for example {@code "IndexFaces"}.
   *
   * @return the operation
   */
  public String operation() {
    return operation;
  }

  /**
   * Returns the provider's request id, if it sent one.
   *
   * @return the request id
   */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  @Override
  public boolean retryable() {
    return kind.retryable();
  }
}
