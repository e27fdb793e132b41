package io.github.idvkit;

import org.jspecify.annotations.Nullable;

/**
 * idv or its provider is set up wrongly: a collection, bucket or table is missing, access is
 * denied, or the stored data was made by an incompatible model. Not retryable until the set-up is
 * fixed; the message says what to fix.
 */
public final class ConfigurationException extends IdvException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong and how to fix it
   * @param cause the provider's exception, or {@code null}
   */
  public ConfigurationException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates the exception.
   *
   * @param message what is wrong and how to fix it
   */
  public ConfigurationException(String message) {
    this(message, null);
  }

  /** Always {@code false}: the set-up must be fixed first. */
  @Override
  public boolean retryable() {
    return false;
  }
}
