package io.github.idvkit;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How alike two faces are, on the one scale idv uses everywhere: a ratio from 0 (unrelated) to 1
 * (identical).
 *
 * <p>Providers map their native score once, at the edge ({@link #ofPercent(double)} for
 * Rekognition's 0-100 similarity). Thresholds in {@link VerificationPolicy} use the same type, so a
 * score and the threshold it is held against are always on the same scale.
 *
 * <p>A similarity may also name the model scale it was measured on ({@link #scale()}, for example
 * the local engine's {@code local:dlib-resnet29/euclidean-1.2}): 0.625 there is a different thing
 * from 62.5 % on Rekognition. {@link #isAtLeast} refuses to hold a score against a threshold of
 * another named scale; a similarity without a scale (the presets' thresholds, {@link #ofRatio},
 * {@link #ofPercent}) is held against any.
 */
public final class Similarity implements Comparable<Similarity> {

  /** No similarity at all. */
  public static final Similarity ZERO = new Similarity(0);

  /** Identical faces. */
  public static final Similarity ONE = new Similarity(1);

  private final double ratio;
  private final @Nullable String scale;

  /**
   * Creates a similarity without a named scale.
   *
   * @param ratio the similarity in [0, 1]
   * @throws IllegalArgumentException if {@code ratio} is not in [0, 1]
   */
  public Similarity(double ratio) {
    this(ratio, null);
  }

  private Similarity(double ratio, @Nullable String scale) {
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new IllegalArgumentException("A similarity ratio must be in [0, 1], got " + ratio);
    }
    if (scale != null && scale.isBlank()) {
      throw new IllegalArgumentException("A scale name must not be blank");
    }
    this.ratio = ratio;
    this.scale = scale;
  }

  /**
   * Returns the similarity for a ratio in [0, 1].
   *
   * @param ratio the ratio
   * @return the similarity
   * @throws IllegalArgumentException if {@code ratio} is not in [0, 1]
   */
  public static Similarity ofRatio(double ratio) {
    return new Similarity(ratio);
  }

  /**
   * Returns the similarity for a ratio in [0, 1] on a named model scale.
   *
   * @param ratio the ratio
   * @param scale the scale's name, such as {@code local:dlib-resnet29/euclidean-1.2}
   * @return the similarity
   * @throws IllegalArgumentException if {@code ratio} is not in [0, 1] or {@code scale} is blank
   */
  public static Similarity ofRatio(double ratio, String scale) {
    return new Similarity(ratio, java.util.Objects.requireNonNull(scale, "scale"));
  }

  /**
   * Returns the similarity for a percentage in [0, 100], the scale Rekognition reports.
   *
   * @param percent the percentage
   * @return the similarity
   * @throws IllegalArgumentException if {@code percent} is not in [0, 100]
   */
  public static Similarity ofPercent(double percent) {
    if (!(percent >= 0 && percent <= 100)) {
      throw new IllegalArgumentException("A similarity percentage must be in [0, 100], got " + percent);
    }
    return new Similarity(Math.min(1, percent / 100));
  }

  /**
   * Returns the ratio in [0, 1].
   *
   * @return the ratio
   */
  public double ratio() {
    return ratio;
  }

  /**
   * Returns the model scale this similarity was measured on, if it names one.
   *
   * @return the scale's name, or empty for a similarity that holds on any scale
   */
  public Optional<String> scale() {
    return Optional.ofNullable(scale);
  }

  /**
   * Returns this similarity on a named scale.
   *
   * @param scale the scale's name
   * @return a similarity of the same ratio on {@code scale}
   * @throws IllegalArgumentException if {@code scale} is blank
   */
  public Similarity withScale(String scale) {
    return new Similarity(ratio, java.util.Objects.requireNonNull(scale, "scale"));
  }

  /**
   * Returns this similarity as a percentage in [0, 100].
   *
   * @return the percentage
   */
  public double percent() {
    return ratio * 100;
  }

  /**
   * Tells whether this similarity reaches {@code threshold}.
   *
   * @param threshold the threshold
   * @return {@code true} if this is at least {@code threshold}
   * @throws ConfigurationException if both name a scale and the scales differ: the threshold was
   *     calibrated for another model, and holding this score against it would mean nothing
   */
  public boolean isAtLeast(Similarity threshold) {
    if (scale != null && threshold.scale != null && !scale.equals(threshold.scale)) {
      throw new ConfigurationException(
          "A similarity on the score scale '" + scale + "' was held against a threshold"
              + " calibrated for '" + threshold.scale + "': the numbers mean different things."
              + " Use a policy calibrated for this provider (for example 'idv calibrate' on its"
              + " own photos), or one without a scale.");
    }
    return ratio >= threshold.ratio;
  }

  /** Orders by ratio only; the scale does not take part. */
  @Override
  public int compareTo(Similarity other) {
    return Double.compare(ratio, other.ratio);
  }

  /** Equal if the ratio and the scale (or its absence) are equal. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Similarity other
        && Double.compare(ratio, other.ratio) == 0
        && java.util.Objects.equals(scale, other.scale);
  }

  @Override
  public int hashCode() {
    return Double.hashCode(ratio) * 31 + java.util.Objects.hashCode(scale);
  }

  /** Returns the percentage with two decimals, for example {@code 99.12%}. */
  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "%.2f%%", percent());
  }
}
