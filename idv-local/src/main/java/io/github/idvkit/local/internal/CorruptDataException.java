package io.github.idvkit.local.internal;

import java.io.IOException;

/**
 * A file of the data directory is not what idv-local wrote: a journal without idv's header, an
 * entry of an unknown type, a file cut short. Reading it again cannot help; {@link LocalFailures}
 * makes it a {@link io.github.idvkit.ConfigurationException}.
 */
public final class CorruptDataException extends IOException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which file and what is wrong with it
   */
  public CorruptDataException(String message) {
    super(message);
  }
}
