package io.github.idvkit.spi;

/**
 * A fact about a face that a provider call may measure besides where the face is, how large and how
 * sure it is (which every face carries). A port says up front which facts a call reports ({@link
 * FaceIndex#searchReports()}, {@link FaceIndex#indexReports()}), so core knows before it spends a
 * billed call whether it needs a separate detection for the quality gate. Core still checks the
 * facts on each face it gets: a fact a port promised but did not deliver makes core ask the
 * detector, never pass the face unchecked.
 */
public enum FaceFact {
  /**
   * The call lists every face of the image, each with its box, size and confidence: the facts
   * every gate checks. Without it, none of the others lets a call stand in for a detection.
   */
  EVERY_FACE,
  /** {@link io.github.idvkit.DetectedFace#brightness()}. */
  BRIGHTNESS,
  /** {@link io.github.idvkit.DetectedFace#sharpness()}. */
  SHARPNESS,
  /** {@link io.github.idvkit.DetectedFace#pose()}. */
  POSE,
  /** {@link io.github.idvkit.DetectedFace#eyesOpen()}. */
  EYES_OPEN,
  /** {@link io.github.idvkit.DetectedFace#sunglasses()}. */
  SUNGLASSES,
  /** {@link io.github.idvkit.DetectedFace#occluded()}. */
  OCCLUSION
}
