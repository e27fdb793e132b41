package io.github.idvkit;

import org.immutables.value.Value;

/**
 * The limits an image must fit before it is sent to a provider; {@link
 * FaceImage#normalize(ImageLimits)} downscales and re-encodes to fit them.
 *
 * <p>{@link #rekognition()} holds Amazon Rekognition's documented limits (5 MB as bytes, at least 80
 * pixels a side); {@link #defaults()} is what idv uses when a provider states nothing else.
 */
@Value.Immutable
public interface ImageLimits {

  /** The largest encoded size, in bytes, a provider accepts. */
  long maxBytes();

  /** The longest side, in pixels, after normalisation; larger images are downscaled. */
  int maxLongSide();

  /** The shortest side, in pixels, a provider accepts; smaller images are rejected. */
  int minSide();

  /** The JPEG quality, 1-100, used when re-encoding. */
  @Value.Default
  default int jpegQuality() {
    return 90;
  }

  /** Checks the limits are consistent. */
  @Value.Check
  default void check() {
    if (maxBytes() < 10_000) {
      throw new IllegalArgumentException("maxBytes must be at least 10000, got " + maxBytes());
    }
    if (minSide() < 1 || maxLongSide() < minSide()) {
      throw new IllegalArgumentException(
          "Need 1 <= minSide <= maxLongSide, got minSide=" + minSide() + ", maxLongSide="
              + maxLongSide());
    }
    if (jpegQuality() < 1 || jpegQuality() > 100) {
      throw new IllegalArgumentException("jpegQuality must be in 1..100, got " + jpegQuality());
    }
  }

  /**
   * Returns Amazon Rekognition's limits for images sent as bytes: at most 5 MB, at least 80 pixels a
   * side; the long side is capped at 1920 pixels, which keeps faces well above the 40-pixel minimum
   * while cutting upload size.
   *
   * @return the limits
   */
  static ImageLimits rekognition() {
    return builder().maxBytes(5L * 1024 * 1024).maxLongSide(1920).minSide(80).build();
  }

  /**
   * Returns the limits used when a provider states none: those of {@link #rekognition()}.
   *
   * @return the limits
   */
  static ImageLimits defaults() {
    return rekognition();
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  static Builder builder() {
    return new Builder();
  }

  /** Builds {@link ImageLimits}. */
  final class Builder extends ImmutableImageLimits.Builder {}
}
