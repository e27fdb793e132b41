package io.github.idvkit;

/** The outcome of {@link IdentityVerifier#register}. Only {@link #REGISTERED} stores anything. */
public enum RegisterDecision {
  /** The user's face was indexed and its image and record stored (or an earlier run of the same
   * request did, see {@link RegisterResult#replayed()}). */
  REGISTERED,
  /**
   * The face belongs to another registered user ({@link RegisterResult#existingUser()}); nothing
   * was stored. A second account for one person: route it to review, not to a retry.
   */
  FACE_ALREADY_REGISTERED,
  /**
   * The face resembles a registered user's ({@link RegisterResult#existingUser()}, {@link
   * RegisterResult#duplicateSimilarity()}) at or above {@link
   * VerificationPolicy#duplicateReviewThreshold()}, though below the duplicate threshold; nothing
   * was stored. Two photos of one person can score that low (an off-angle or older photo), so a
   * person should compare the two: if they are different people, register again with {@link
   * RegisterRequest#clearedDuplicates()} naming that user.
   */
  DUPLICATE_SUSPECTED,
  /**
   * The user id is registered already, by another request; nothing was stored. To give the user a
   * new face, forget them and register again.
   */
  USER_ALREADY_REGISTERED,
  /**
   * Another registration of the same user is running (another request, or the same one on another
   * app instance that did not finish within the verifier's registration wait); nothing was stored.
   * Retry later with the same request id.
   */
  REGISTRATION_IN_PROGRESS,
  /**
   * Adding a face ({@link RegisterRequest#addFace()}): the selfie does not match the user's
   * registered face at the login threshold; nothing was stored. Counts as a failed attempt, as a
   * failed login does.
   */
  USER_NOT_MATCHED,
  /** The selfie's face does not match the ID photo's face. */
  ID_NOT_MATCHED,
  /** No face was found in the ID photo. */
  ID_PHOTO_NO_FACE,
  /**
   * The ID photo shows more than one face, so it cannot say whose identity it proves; nothing was
   * stored. Only providers that count the ID photo's faces report it (not Rekognition's {@code
   * CompareFaces}, which compares the largest).
   */
  ID_PHOTO_MULTIPLE_FACES,
  /** No face was found in the selfie. */
  NO_FACE,
  /** The selfie shows more than one face. */
  MULTIPLE_FACES,
  /** The selfie failed the quality gate; see {@link RegisterResult#qualityIssues()}. */
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
