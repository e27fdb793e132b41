package io.github.idvkit.examples;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Ends an example program with a message for the user and an {@link ExitCode}, without a stack
 * trace. {@link Launcher} prints it.
 */
public final class CommandFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ExitCode exitCode;

  /**
   * Creates a failure.
   *
   * @param exitCode the exit code
   * @param message what went wrong and how to fix it, for the user
   * @param cause the cause, or {@code null}
   */
  public CommandFailure(ExitCode exitCode, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.exitCode = Objects.requireNonNull(exitCode, "exitCode");
  }

  /**
   * Creates a failure.
   *
   * @param exitCode the exit code
   * @param message what went wrong and how to fix it, for the user
   */
  public CommandFailure(ExitCode exitCode, String message) {
    this(exitCode, message, null);
  }

  /**
   * Returns the exit code.
   *
   * @return the exit code
   */
  public ExitCode exitCode() {
    return exitCode;
  }
}
