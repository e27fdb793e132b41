package io.github.idvkit;

import java.util.Optional;
import java.util.OptionalDouble;
import org.immutables.value.Value;

/**
 * One face a provider found, with the facts the quality gate needs.
 *
 * <p>Every fact a provider cannot measure is absent rather than guessed (an offline detector
 * cannot tell sunglasses, for instance); {@link QualityGate} documents how absent facts are
 * treated. Ratios are 0 to 1.
 */
@Value.Immutable
public interface DetectedFace {

  /** Where the face is. */
  BoundingBox box();

  /**
   * The detector's confidence that this is a face, 0 to 1, if reported (Rekognition's {@code
   * SearchedFace}, for one, may omit it; absent is never 0).
   */
  OptionalDouble confidence();

  /** The face's size in pixels: the shorter side of its box, in the image the detector was given. */
  int sizePixels();

  /** Brightness of the face region, 0 (black) to 1 (white), if measured. */
  OptionalDouble brightness();

  /** Sharpness of the face region, 0 (blurred) to 1 (sharp), if measured. */
  OptionalDouble sharpness();

  /** The head pose, if measured. */
  Optional<Pose> pose();

  /** Whether the eyes are open, if measured. */
  Optional<FaceAttribute> eyesOpen();

  /** Whether the face wears sunglasses, if measured. */
  Optional<FaceAttribute> sunglasses();

  /** Whether part of the face is hidden (hand, mask, hair), if measured. */
  Optional<FaceAttribute> occluded();

  /** Checks ratios are in range. */
  @Value.Check
  default void check() {
    confidence().ifPresent(v -> requireRatio("confidence", v));
    brightness().ifPresent(v -> requireRatio("brightness", v));
    sharpness().ifPresent(v -> requireRatio("sharpness", v));
    if (sizePixels() < 0) {
      throw new IllegalArgumentException("sizePixels must not be negative, got " + sizePixels());
    }
  }

  private static void requireRatio(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
    }
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  static Builder builder() {
    return new Builder();
  }

  /** Builds {@link DetectedFace}. */
  final class Builder extends ImmutableDetectedFace.Builder {}
}
