package io.github.idvkit.examples;

import io.github.idvkit.ConfigurationException;
import io.github.idvkit.InvalidImageException;
import io.github.idvkit.ProviderException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Runs the example programs with picocli and turns failures into one-line messages and {@link
 * ExitCode}s: a user error never shows a stack trace.
 */
public final class Launcher {

  private static volatile boolean verbose;

  private Launcher() {}

  /**
   * Runs a command and exits the JVM if it failed. On success it returns, so that the demo ends
   * normally under {@code mvn exec:java}.
   *
   * @param command a picocli command
   * @param args the arguments
   */
  public static void main(Object command, String... args) {
    // ONNX Runtime's environment set-up needs more stack than the launcher's main thread has by
    // default (1 MB): on some machines it crashed the JVM with SIGSEGV before the first command
    // ran. The command runs on a thread with a large stack instead.
    int[] code = {ExitCode.INTERNAL.code()};
    Thread runner = new Thread(null, () -> code[0] = commandLine(command).execute(args), "idv", STACK_BYTES);
    runner.start();
    try {
      runner.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (code[0] != 0) {
      System.exit(code[0]);
    }
  }

  /** The stack of the thread that runs a command. */
  private static final long STACK_BYTES = 16L * 1024 * 1024;

  /**
   * Returns a picocli command line with idv's error handling: case-insensitive provider names,
   * short messages, {@link ExitCode}s.
   *
   * @param command a picocli command
   * @return the command line
   */
  public static CommandLine commandLine(Object command) {
    return commandLine(command, CommandLine.defaultFactory());
  }

  /**
   * Returns a picocli command line with idv's error handling, whose subcommands come from a
   * factory (tests use it to share one local engine).
   *
   * @param command a picocli command
   * @param factory creates the subcommands
   * @return the command line
   */
  public static CommandLine commandLine(Object command, CommandLine.IFactory factory) {
    CommandLine commandLine = new CommandLine(command, factory);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExecutionExceptionHandler(Launcher::onFailure);
    commandLine.setParameterExceptionHandler(Launcher::onUsageError);
    return commandLine;
  }

  /** Shows stack traces of internal errors and debug logs of idv, for {@code --verbose}. */
  static void verbose() {
    verbose = true;
    // slf4j-simple reads this when idv's first logger is created, which is after parsing.
    System.setProperty("org.slf4j.simpleLogger.log.io.github.idvkit", "debug");
  }

  private static int onUsageError(CommandLine.ParameterException e, String[] args) {
    CommandLine commandLine = e.getCommandLine();
    PrintWriter err = commandLine.getErr();
    err.println(commandLine.getCommandSpec().qualifiedName() + ": " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return ExitCode.USAGE.code();
  }

  private static int onFailure(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
    PrintWriter err = commandLine.getErr();
    String name = commandLine.getCommandSpec().qualifiedName();
    ExitCode code;
    String message;
    if (e instanceof CommandFailure failure) {
      code = failure.exitCode();
      message = failure.getMessage();
    } else if (e instanceof InvalidImageException invalid) {
      code = ExitCode.BAD_INPUT;
      message = invalid.getMessage();
    } else if (e instanceof ConfigurationException configuration) {
      code = ExitCode.CONFIGURATION;
      message = configuration.getMessage();
    } else if (e instanceof ProviderException provider) {
      code = ExitCode.PROVIDER;
      message = provider.getMessage() + (provider.retryable() ? " (temporary: try again)" : "");
    } else if (e instanceof IllegalArgumentException) {
      code = ExitCode.USAGE;
      message = e.getMessage();
    } else if (e instanceof UncheckedIOException io) {
      code = ExitCode.CONFIGURATION;
      message = io.getMessage() + ": " + io.getCause().getMessage();
    } else {
      code = ExitCode.INTERNAL;
      message = "internal error: " + e + (verbose ? "" : " (run with --verbose for details)");
    }
    err.println(name + ": " + message);
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return code.code();
  }
}
