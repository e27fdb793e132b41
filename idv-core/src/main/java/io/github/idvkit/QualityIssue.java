package io.github.idvkit;

/**
 * Why a selfie failed the quality gate: reason codes a user interface can turn into advice
 * ("move closer", "take off your sunglasses").
 */
public enum QualityIssue {
  /** No face was found. */
  NO_FACE,
  /** More than one face was found; exactly one is required. */
  MULTIPLE_FACES,
  /** The detector is not confident enough that this is a face. */
  LOW_CONFIDENCE,
  /** The face is too dark. */
  TOO_DARK,
  /** The face is over-exposed. */
  TOO_BRIGHT,
  /** The face is not sharp enough. */
  BLURRY,
  /** The head is turned or tilted too far. */
  POSE,
  /** The eyes are closed. */
  EYES_CLOSED,
  /** The face wears sunglasses. */
  SUNGLASSES,
  /** Part of the face is hidden. */
  OCCLUDED,
  /** The face is too small in the image; move closer. */
  FACE_TOO_SMALL,
  /** A fact the policy requires could not be measured by this provider. */
  NOT_MEASURED,
  /**
   * The provider judged the face's overall quality too low, without naming one fact (Rekognition's
   * {@code LOW_FACE_QUALITY}).
   */
  LOW_QUALITY,
  /** The provider refused the face for a reason idv does not know; see the provider's logs. */
  OTHER_PROVIDER_REASON
}
