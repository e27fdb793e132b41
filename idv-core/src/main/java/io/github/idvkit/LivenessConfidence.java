package io.github.idvkit;

import java.util.Locale;

/**
 * How confident a liveness check is that a live person was in front of the camera, in [0, 1]
 * ({@link #ofPercent} maps Rekognition's 0-100 once). Not a similarity: it says nothing about whose
 * face it is.
 *
 * @param ratio the confidence in [0, 1]
 */
public record LivenessConfidence(double ratio) implements Comparable<LivenessConfidence> {

  /**
   * Creates a confidence.
   *
   * @throws IllegalArgumentException if outside [0, 1] or not a number
   */
  public LivenessConfidence {
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new IllegalArgumentException("A liveness confidence is in [0, 1], got " + ratio);
    }
  }

  /**
   * Returns the confidence for a ratio in [0, 1].
   *
   * @param ratio the ratio
   * @return the confidence
   * @throws IllegalArgumentException if outside [0, 1]
   */
  public static LivenessConfidence ofRatio(double ratio) {
    return new LivenessConfidence(ratio);
  }

  /**
   * Returns the confidence for a percentage in [0, 100].
   *
   * @param percent the percentage
   * @return the confidence
   * @throws IllegalArgumentException if outside [0, 100]
   */
  public static LivenessConfidence ofPercent(double percent) {
    if (!(percent >= 0 && percent <= 100)) {
      throw new IllegalArgumentException("A liveness confidence is in [0, 100] %, got " + percent);
    }
    return new LivenessConfidence(percent / 100);
  }

  /**
   * Returns the confidence as a percentage.
   *
   * @return the percentage in [0, 100]
   */
  public double percent() {
    return ratio * 100;
  }

  /**
   * Tells whether this confidence reaches a threshold.
   *
   * @param threshold the threshold
   * @return {@code true} if at or above it
   */
  public boolean isAtLeast(LivenessConfidence threshold) {
    return ratio >= threshold.ratio;
  }

  @Override
  public int compareTo(LivenessConfidence other) {
    return Double.compare(ratio, other.ratio);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%.2f%%", percent());
  }
}
