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
  LOW_QUALITY
}
