package io.github.idvkit;

/**
 * The one family of failures idv throws. It is sealed and unchecked: a caller who catches {@code
 * IdvException} has caught everything idv reports as a failure.
 *
 * <p>Outcomes such as "no face", "not matched" or "already registered" are not failures: they come
 * back as decisions in the flow's result. A failure means the flow could not decide: the input was
 * unusable ({@link InvalidImageException}), a provider failed ({@link ProviderException}) or idv is
 * misconfigured ({@link ConfigurationException}). Before a flow throws, it undoes any side effect it
 * had made, so a failed flow leaves nothing behind.
 *
 * <p>Messages name what failed, which safe ids were involved and how to fix it; they never hold
 * image bytes or raw user ids.
 */
public abstract sealed class IdvException extends RuntimeException
    permits InvalidImageException, ProviderException, ConfigurationException {

  private static final long serialVersionUID = 1L;

  IdvException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Tells whether trying the same call again, later, may succeed (throttling, a time-out, a
   * provider outage).
   *
   * @return {@code true} if a retry can help
   */
  public abstract boolean retryable();
}
