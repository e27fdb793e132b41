package io.github.idvkit;

/**
 * The one family of failures idv throws. It is sealed and unchecked: a caller who catches {@code
 * IdvException} has caught every failure of a well-formed call (bad input data, a provider that
 * fails, a set-up to fix).
 *
 * <p>Programming errors are not {@code IdvException}s: misusing the API raises the JDK's
 * exceptions, as {@link IdentityVerifier} lists ("Exceptions"): {@link IllegalArgumentException}
 * for an invalid value (such as a blank user id), {@link IllegalStateException} for a call the
 * object's state does not allow (such as {@code identify} with identification off) and {@link
 * NullPointerException} for a {@code null}. They are fixed in the calling code, never retried.
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
