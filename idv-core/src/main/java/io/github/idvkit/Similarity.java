package io.github.idvkit;

/**
 * How alike two faces are, on the one scale idv uses everywhere: a ratio from 0 (unrelated) to 1
 * (identical).
 *
 * <p>Providers map their native score once, at the edge ({@link #ofPercent(double)} for
 * Rekognition's 0-100 similarity). Thresholds in {@link VerificationPolicy} use the same type, so a
 * score and the threshold it is held against are always on the same scale.
 *
 * @param ratio the similarity in [0, 1]
 */
public record Similarity(double ratio) implements Comparable<Similarity> {

  /** No similarity at all. */
  public static final Similarity ZERO = new Similarity(0);

  /** Identical faces. */
  public static final Similarity ONE = new Similarity(1);

  /**
   * Creates a similarity.
   *
   * @throws IllegalArgumentException if {@code ratio} is not in [0, 1]
   */
  public Similarity {
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new IllegalArgumentException("A similarity ratio must be in [0, 1], got " + ratio);
    }
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
   */
  public boolean isAtLeast(Similarity threshold) {
    return ratio >= threshold.ratio;
  }

  @Override
  public int compareTo(Similarity other) {
    return Double.compare(ratio, other.ratio);
  }

  /** Returns the percentage with two decimals, for example {@code 99.12%}. */
  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "%.2f%%", percent());
  }
}
