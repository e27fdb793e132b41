package io.github.idvkit;

import org.immutables.value.Value;

/**
 * A yes/no fact a provider reports about a face (eyes open, sunglasses, occluded) with its
 * confidence in that answer, 0 to 1.
 */
@Value.Immutable
public interface FaceAttribute {

  /** The provider's answer. */
  boolean value();

  /** The provider's confidence in {@link #value()}, 0 to 1. */
  double confidence();

  /** Checks the confidence is in range. */
  @Value.Check
  default void check() {
    if (!(confidence() >= 0 && confidence() <= 1)) {
      throw new IllegalArgumentException("confidence must be in [0, 1], got " + confidence());
    }
  }

  /**
   * Returns an attribute.
   *
   * @param value the answer
   * @param confidence confidence in the answer, 0 to 1
   * @return the attribute
   */
  static FaceAttribute of(boolean value, double confidence) {
    return ImmutableFaceAttribute.builder().value(value).confidence(confidence).build();
  }
}
