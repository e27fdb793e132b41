package io.github.idvkit;

import org.immutables.value.Value;

/**
 * The checks a selfie must pass before it is compared, searched or indexed: exactly one face, and
 * that face confident, well lit, sharp, frontal, with open eyes, no sunglasses, not occluded and
 * large enough.
 *
 * <p>A fact the provider did not measure (see {@link DetectedFace}) passes its check unless {@link
 * #requireMeasured()} is set, in which case it fails with {@link QualityIssue#NOT_MEASURED}. A
 * yes/no attribute fails its check when the provider reports the unwanted answer with at least
 * {@link #attributeConfidence()}; an answer without a confidence counts as not measured.
 */
@Value.Immutable
public interface QualityGate {

  /** Lowest detection confidence accepted, 0 to 1. */
  double minConfidence();

  /** Lowest face brightness accepted, 0 to 1. */
  double minBrightness();

  /** Highest face brightness accepted, 0 to 1. */
  double maxBrightness();

  /** Lowest face sharpness accepted, 0 to 1. */
  double minSharpness();

  /** Largest absolute yaw, in degrees. */
  double maxYaw();

  /** Largest absolute pitch, in degrees. */
  double maxPitch();

  /** Largest absolute roll, in degrees. */
  double maxRoll();

  /** Smallest face, in pixels of its box's shorter side. */
  int minFaceSizePixels();

  /** Whether closed eyes fail the gate. */
  boolean requireEyesOpen();

  /** Whether sunglasses fail the gate. */
  boolean rejectSunglasses();

  /** Whether an occluded face fails the gate. */
  boolean rejectOccluded();

  /** Confidence from which a provider's yes/no answer counts, 0 to 1. */
  @Value.Default
  default double attributeConfidence() {
    return 0.5;
  }

  /** Whether a fact the provider did not measure fails the gate. */
  @Value.Default
  default boolean requireMeasured() {
    return false;
  }

  /** Checks ranges. */
  @Value.Check
  default void check() {
    for (double ratio :
        new double[] {
          minConfidence(), minBrightness(), maxBrightness(), minSharpness(), attributeConfidence()
        }) {
      if (!(ratio >= 0 && ratio <= 1)) {
        throw new IllegalArgumentException("Quality ratios must be in [0, 1], got " + ratio);
      }
    }
    if (minBrightness() > maxBrightness()) {
      throw new IllegalArgumentException("minBrightness must not exceed maxBrightness");
    }
    for (double angle : new double[] {maxYaw(), maxPitch(), maxRoll()}) {
      if (!(angle >= 0 && angle <= 180)) {
        throw new IllegalArgumentException("Pose limits must be in [0, 180] degrees, got " + angle);
      }
    }
    if (minFaceSizePixels() < 0) {
      throw new IllegalArgumentException("minFaceSizePixels must not be negative");
    }
  }

  /**
   * Returns the strict gate of {@link VerificationPolicy#highSecurity()}: confidence 0.99,
   * brightness 0.25-0.95, sharpness 0.25, yaw/pitch within 25 degrees, roll within 30, faces of at
   * least 80 pixels, eyes open, no sunglasses, not occluded.
   *
   * @return the gate
   */
  static QualityGate strict() {
    return builder()
        .minConfidence(0.99)
        .minBrightness(0.25)
        .maxBrightness(0.95)
        .minSharpness(0.25)
        .maxYaw(25)
        .maxPitch(25)
        .maxRoll(30)
        .minFaceSizePixels(80)
        .requireEyesOpen(true)
        .rejectSunglasses(true)
        .rejectOccluded(true)
        .build();
  }

  /**
   * Returns the gate of {@link VerificationPolicy#standard()}: confidence 0.9, brightness
   * 0.15-0.97, sharpness 0.1, pose within 45 degrees (the limits Rekognition recommends), faces of
   * at least 40 pixels, no sunglasses, eyes open.
   *
   * @return the gate
   */
  static QualityGate standard() {
    return builder()
        .minConfidence(0.9)
        .minBrightness(0.15)
        .maxBrightness(0.97)
        .minSharpness(0.1)
        .maxYaw(45)
        .maxPitch(45)
        .maxRoll(45)
        .minFaceSizePixels(40)
        .requireEyesOpen(true)
        .rejectSunglasses(true)
        .rejectOccluded(false)
        .build();
  }

  /**
   * Returns the gate of {@link VerificationPolicy#standard()}'s login: exactly one face, confidence
   * 0.9, at least 40 pixels; no brightness, sharpness, pose or attribute checks. It asks only what
   * every face search reports (the box and the confidence of each face), so a login needs no
   * separate detection.
   *
   * @return the gate
   */
  static QualityGate searchable() {
    return builder()
        .minConfidence(0.9)
        .minBrightness(0)
        .maxBrightness(1)
        .minSharpness(0)
        .maxYaw(180)
        .maxPitch(180)
        .maxRoll(180)
        .minFaceSizePixels(40)
        .requireEyesOpen(false)
        .rejectSunglasses(false)
        .rejectOccluded(false)
        .build();
  }

  /**
   * Returns this gate without its eyes-open, sunglasses and occlusion checks: the checks a
   * search's report of the probe can decide alone where it measures pose and quality (Rekognition's
   * {@code SearchUsersByImage} reports only box and confidence, so there the detector still runs).
   *
   * @return the reduced gate
   */
  default QualityGate withoutAttributeChecks() {
    return toBuilder().requireEyesOpen(false).rejectSunglasses(false).rejectOccluded(false).build();
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this gate's values.
   *
   * @return the builder
   */
  default Builder toBuilder() {
    Builder builder = builder();
    builder.from(this);
    return builder;
  }

  /** Builds {@link QualityGate}. */
  final class Builder extends ImmutableQualityGate.Builder {}
}
