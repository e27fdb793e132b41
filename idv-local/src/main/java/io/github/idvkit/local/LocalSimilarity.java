package io.github.idvkit.local;

import io.github.idvkit.Similarity;

/**
 * How the local engine's native score, the Euclidean distance between two dlib descriptors, maps
 * onto idv's {@link Similarity} scale, and back.
 *
 * <p>The map is linear and exact both ways: {@code similarity = max(0, 1 - distance / 1.2)}, so a
 * similarity reported by a local port always tells its raw distance ({@link #distance(Similarity)})
 * as long as the distance was below 1.2 (faces of different people in the test photos stay below
 * 0.95).
 *
 * <p>Calibrated on the photos available (see the module README): the one known same-person pair
 * of real photos lies at distance 0.37, 40 synthetic edits of one photo (flip, rotation, light,
 * downscaling, blur, JPEG) at 0.07-0.37, and the closest of 95 known different-person pairs at
 * 0.51. dlib's documented threshold, 0.6, lets 3 of those 95 through; {@link #MATCH_DISTANCE},
 * 0.45, lets none through. The sample is tiny: it shows the thresholds are sane, not what the error
 * rates are.
 */
public final class LocalSimilarity {

  /**
   * The name of this score scale, carried by {@link LocalIdentityVerifier#calibratedPolicy()}: a
   * local verifier refuses a policy calibrated for another scale.
   */
  public static final String SCALE = "local:dlib-resnet29/euclidean-1.2";

  /** The distance that maps to similarity 0. */
  public static final double DISTANCE_SCALE = 1.2;

  /**
   * The calibrated distance up to which two faces count as the same person: 0.45, between the
   * farthest genuine pair seen (0.37) and the closest different-person pair (0.51), closer to the
   * strangers' side than dlib's 0.6 so that strangers stay out. Similarity 0.625.
   */
  public static final double MATCH_DISTANCE = 0.45;

  /** {@link #MATCH_DISTANCE} on the similarity scale: 0.625. */
  public static final double MATCH_SIMILARITY = 1 - MATCH_DISTANCE / DISTANCE_SCALE;

  /**
   * The stricter distance used to name a user without a claimed identity (1:N): 0.42, similarity
   * 0.65, since every extra enrolled person is another chance for a stranger to match.
   */
  public static final double IDENTIFY_DISTANCE = 0.42;

  /**
   * The looser distance from which a new registration counts as a duplicate of an enrolled user:
   * 0.50, similarity 0.583; a false duplicate only asks a person to retry, a missed one lets one
   * person hold two accounts.
   */
  public static final double DUPLICATE_DISTANCE = 0.50;

  /** dlib's documented threshold, 0.6: too loose for this model on the photos measured here. */
  public static final double DLIB_DOCUMENTED_DISTANCE = 0.6;

  private LocalSimilarity() {}

  /**
   * Returns the similarity for a descriptor distance.
   *
   * @param distance the Euclidean distance, at least 0
   * @return {@code max(0, 1 - distance / 1.2)}
   * @throws IllegalArgumentException if {@code distance} is negative or not a number
   */
  public static Similarity fromDistance(double distance) {
    if (!(distance >= 0)) {
      throw new IllegalArgumentException("A distance must be at least 0, got " + distance);
    }
    return Similarity.ofRatio(Math.max(0, Math.min(1, 1 - distance / DISTANCE_SCALE)), SCALE);
  }

  /**
   * Returns the descriptor distance a local similarity stands for.
   *
   * @param similarity a similarity reported by a local port
   * @return the distance; 1.2 or more for similarity 0
   */
  public static double distance(Similarity similarity) {
    return (1 - similarity.ratio()) * DISTANCE_SCALE;
  }
}
