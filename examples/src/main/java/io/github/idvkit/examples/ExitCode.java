package io.github.idvkit.examples;

/**
 * The exit codes of the demo, the tutorial programs and the {@code idv} tool, one per kind of
 * outcome, so a script can tell "wrong person" from "take another photo" from "try again later".
 */
public enum ExitCode {
  /** The command did what was asked: registered, verified, identified, forgotten, listed. */
  OK(0),
  /** The verifier said no: not matched, not registered, already registered, ID photo mismatch, or
   * an enrolment with any failure. */
  REFUSED(1),
  /** The command line was wrong: unknown option, missing argument, invalid user id. */
  USAGE(2),
  /** A photo cannot be used: missing file, not an image, no face, several faces, low quality. */
  BAD_INPUT(3),
  /** The provider is not set up: no AWS credentials or region, access denied, missing collection,
   * bucket or table, a data directory in use, unusable, damaged or made by other models. */
  CONFIGURATION(4),
  /** The provider failed (throttled, unavailable, timed out); often worth a retry. */
  PROVIDER(5),
  /** A bug: something failed that should not have. */
  INTERNAL(6);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  /**
   * Returns the process exit code.
   *
   * @return the code
   */
  public int code() {
    return code;
  }
}
