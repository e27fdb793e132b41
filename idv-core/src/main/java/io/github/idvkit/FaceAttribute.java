package io.github.idvkit;

import java.util.OptionalDouble;
import org.immutables.value.Value;

/**
 * A yes/no fact a provider reports about a face (eyes open, sunglasses, occluded) with its
 * confidence in that answer, 0 to 1, when the provider gives one.
 */
@Value.Immutable
public interface FaceAttribute {

  /** The provider's answer. */
  boolean value();

  /** The provider's confidence in {@link #value()}, 0 to 1; absent when the provider gave none. */
  OptionalDouble confidence();

  /** Checks the confidence is in range. */
  @Value.Check
  default void check() {
    confidence().ifPresent(c -> {
      if (!(c >= 0 && c <= 1)) {
        throw new IllegalArgumentException("confidence must be in [0, 1], got " + c);
      }
    });
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

  /**
   * Returns an attribute whose provider gave no confidence.
   *
   * @param value the answer
   * @return the attribute
   */
  static FaceAttribute of(boolean value) {
    return ImmutableFaceAttribute.builder().value(value).build();
  }
}
