package io.github.idvkit.local.internal;

/** Arithmetic on dlib descriptors. */
public final class Descriptors {

  private Descriptors() {}

  /**
   * Returns the Euclidean distance between two descriptors of equal length.
   *
   * @param a a descriptor
   * @param b a descriptor
   * @return the distance
   */
  public static double distance(float[] a, float[] b) {
    return Math.sqrt(squaredDistance(a, b));
  }

  /**
   * Returns the squared Euclidean distance between two descriptors of equal length.
   *
   * @param a a descriptor
   * @param b a descriptor
   * @return the squared distance
   */
  public static float squaredDistance(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("Descriptor lengths differ: " + a.length + " vs " + b.length);
    }
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int i = 0;
    for (; i + 3 < a.length; i += 4) {
      float d0 = a[i] - b[i];
      float d1 = a[i + 1] - b[i + 1];
      float d2 = a[i + 2] - b[i + 2];
      float d3 = a[i + 3] - b[i + 3];
      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
    }
    for (; i < a.length; i++) {
      float d = a[i] - b[i];
      s0 += d * d;
    }
    return s0 + s1 + s2 + s3;
  }

  /**
   * Returns a chip mirrored left to right.
   *
   * @param chip interleaved RGB floats, {@code size * size * 3}
   * @param size the chip's side
   * @return a new chip
   */
  public static float[] mirror(float[] chip, int size) {
    float[] out = new float[chip.length];
    for (int y = 0; y < size; y++) {
      int row = y * size * 3;
      for (int x = 0; x < size; x++) {
        int from = row + 3 * x;
        int to = row + 3 * (size - 1 - x);
        out[to] = chip[from];
        out[to + 1] = chip[from + 1];
        out[to + 2] = chip[from + 2];
      }
    }
    return out;
  }
}
