package io.github.idvkit;

/** The outcome of {@link IdentityVerifier#register}. Only {@link #REGISTERED} stores anything. */
public enum RegisterDecision {
  /** The user's face was indexed and its image and record stored. */
  REGISTERED,
  /** The face already belongs to a registered user; nothing was stored. */
  ALREADY_REGISTERED,
  /** The selfie's face does not match the ID photo's face. */
  ID_NOT_MATCHED,
  /** No face was found in the ID photo. */
  ID_PHOTO_NO_FACE,
  /** No face was found in the selfie. */
  NO_FACE,
  /** The selfie shows more than one face. */
  MULTIPLE_FACES,
  /** The selfie failed the quality gate; see {@link RegisterResult#qualityIssues()}. */
  LOW_QUALITY
}
