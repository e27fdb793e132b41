package io.github.idvkit.local.internal;

import io.github.idvkit.ConfigurationException;
import io.github.idvkit.ProviderException;
import org.jspecify.annotations.Nullable;

/** Translates the local engine's and storage's failures into idv's exceptions, once. */
public final class LocalFailures {

  /** The provider name reported in results, records and exceptions. */
  public static final String PROVIDER = "local";

  private LocalFailures() {}

  /**
   * Returns the exception for a failed ONNX Runtime call or file operation.
   *
   * @param operation what failed, for example {@code "DetectFaces"}
   * @param cause the failure
   * @return a retryable provider exception (a full disk or a busy file may clear)
   */
  public static ProviderException failed(String operation, Exception cause) {
    return new ProviderException(
        ProviderException.Kind.UNAVAILABLE,
        PROVIDER,
        operation,
        null,
        cause.getClass().getSimpleName() + ": " + safeMessage(cause),
        cause);
  }

  /**
   * Returns the exception for a missing or unusable local set-up.
   *
   * @param message what is wrong and how to fix it
   * @param cause the failure, or {@code null}
   * @return the exception
   */
  public static ConfigurationException misconfigured(
      String message, @Nullable Throwable cause) {
    return new ConfigurationException(message, cause);
  }

  private static String safeMessage(Exception e) {
    String m = e.getMessage();
    return m == null ? "no message" : m;
  }
}
