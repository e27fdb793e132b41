package io.github.idvkit;

/** The outcome of {@link IdentityVerifier#identify}. */
public enum IdentifyDecision {
  /** One user matches at or above the threshold, ahead of every other user by the margin. */
  IDENTIFIED,
  /**
   * No user matches closely enough, or two users are too close to tell apart. A stranger always
   * gets this, never the nearest enrolled person.
   */
  NOT_RECOGNIZED,
  /** No face was found in the selfie. */
  NO_FACE,
  /** The selfie shows more than one face. */
  MULTIPLE_FACES,
  /** The selfie failed the quality gate; see {@link IdentifyResult#qualityIssues()}. */
  LOW_QUALITY
}
