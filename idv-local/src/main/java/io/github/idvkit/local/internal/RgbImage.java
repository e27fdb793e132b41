package io.github.idvkit.local.internal;

import java.util.Objects;

/**
 * A decoded image as packed 8-bit RGB ({@code width * height * 3} bytes, row-major), usually
 * downscaled from the encoded image so it never holds more pixels than the engine needs.
 *
 * <p>{@link #sourceWidth()} and {@link #sourceHeight()} keep the size of the encoded image, so
 * results can be reported relative to it. The pixel array is shared, not copied: callers must not
 * modify it.
 *
 * @param width width in pixels
 * @param height height in pixels
 * @param pixels packed RGB bytes
 * @param sourceWidth width of the encoded image this was decoded from
 * @param sourceHeight height of the encoded image this was decoded from
 */
public record RgbImage(int width, int height, byte[] pixels, int sourceWidth, int sourceHeight) {

  /** Checks the sizes agree. */
  public RgbImage {
    Objects.requireNonNull(pixels, "pixels");
    if (width < 1 || height < 1 || sourceWidth < 1 || sourceHeight < 1) {
      throw new IllegalArgumentException("Image sides must be positive");
    }
    if (pixels.length != width * height * 3) {
      throw new IllegalArgumentException(
          "Expected " + width * height * 3 + " RGB bytes, got " + pixels.length);
    }
  }

  /**
   * Returns an image that is its own source (not downscaled).
   *
   * @param width width in pixels
   * @param height height in pixels
   * @param pixels packed RGB bytes
   * @return the image
   */
  public static RgbImage of(int width, int height, byte[] pixels) {
    return new RgbImage(width, height, pixels, width, height);
  }

  /**
   * Returns this image mirrored left to right, with the same source size.
   *
   * @return a new image
   */
  public RgbImage mirrored() {
    byte[] dst = new byte[pixels.length];
    for (int y = 0; y < height; y++) {
      int row = 3 * y * width;
      for (int x = 0; x < width; x++) {
        int from = row + 3 * x;
        int to = row + 3 * (width - 1 - x);
        dst[to] = pixels[from];
        dst[to + 1] = pixels[from + 1];
        dst[to + 2] = pixels[from + 2];
      }
    }
    return new RgbImage(width, height, dst, sourceWidth, sourceHeight);
  }

  /**
   * Returns how many source pixels one pixel of this image spans (1 when not downscaled).
   *
   * @return the downscale factor, at least 1
   */
  public double downscale() {
    return (double) sourceWidth / width;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RgbImage other
        && width == other.width
        && height == other.height
        && sourceWidth == other.sourceWidth
        && sourceHeight == other.sourceHeight
        && java.util.Arrays.equals(pixels, other.pixels);
  }

  @Override
  public int hashCode() {
    return Objects.hash(width, height, sourceWidth, sourceHeight);
  }

  /** Returns the sizes, never pixel content. */
  @Override
  public String toString() {
    return "RgbImage[" + width + "x" + height + " from " + sourceWidth + "x" + sourceHeight + "]";
  }
}
