package io.github.idvkit;

/** The outcome of {@link IdentityVerifier#login}. */
public enum LoginDecision {
  /** The selfie matches the claimed user at or above the login threshold. */
  VERIFIED,
  /**
   * The selfie does not match the claimed user closely enough, or matches another user better. A
   * stranger always gets this, never {@link #VERIFIED}.
   */
  NOT_MATCHED,
  /** The claimed user has no registered face. */
  NOT_REGISTERED,
  /** No face was found in the selfie. */
  NO_FACE,
  /** The selfie shows more than one face. */
  MULTIPLE_FACES,
  /** The selfie failed the quality gate; see {@link LoginResult#qualityIssues()}. */
  LOW_QUALITY,
  /**
   * The liveness session's check did not pass: the provider reported it failed or unfinished, its
   * confidence was below {@link VerificationPolicy#livenessThreshold()}, or it returned no reference
   * image. The session is used up; start a new one. Counts as a failed attempt.
   */
  LIVENESS_FAILED,
  /**
   * The liveness session's lifetime ({@link VerificationPolicy#livenessSessionLifetime()}) ended, or
   * the provider reports it expired. Start a new one.
   */
  LIVENESS_EXPIRED,
  /** The liveness session was used by an earlier register or login; each session counts once. */
  LIVENESS_ALREADY_USED,
  /** Neither idv nor the provider knows the liveness session (never started here, or long gone). */
  LIVENESS_NOT_FOUND,
  /**
   * The liveness session was started for another user or another flow; it is not consumed. Counts
   * as a failed attempt.
   */
  LIVENESS_NOT_FOR_USER,
  /**
   * Too many consecutive failed attempts for this user or attempt key; nothing was called or
   * stored. Retry after {@code retryAfter()}.
   */
  LOCKED_OUT
}
