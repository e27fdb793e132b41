package io.github.idvkit.local.internal;

/**
 * Samples an {@link RgbImage} through an affine map into a small interleaved float RGB raster
 * (values 0..255), with bilinear interpolation and, when the map shrinks, supersampling so large
 * faces are averaged rather than aliased.
 *
 * <p>The map takes output pixel coordinates {@code (u, v)} to source coordinates {@code (x, y)}:
 * {@code x = a*u + b*v + tx}, {@code y = c*u + d*v + ty}. Both use pixel-centre coordinates (the
 * centre of pixel {@code i} is at {@code i}), as OpenCV's {@code warpAffine} does. Points outside
 * the source are black.
 *
 * @param a x per u
 * @param b x per v
 * @param c y per u
 * @param d y per v
 * @param tx x offset
 * @param ty y offset
 */
public record AffineWarp(double a, double b, double c, double d, double tx, double ty) {

  private static final int MAX_SUPERSAMPLING = 4;

  /**
   * Returns a pure scaling map, {@code x = u * scale}, for letterboxing; pixel areas are aligned
   * (pixel {@code u} covers source {@code [u*scale, (u+1)*scale)}).
   *
   * @param scale source pixels per output pixel
   * @return the map
   */
  public static AffineWarp scaling(double scale) {
    double offset = 0.5 * scale - 0.5;
    return new AffineWarp(scale, 0, 0, scale, offset, offset);
  }

  /**
   * Returns how many source pixels one output pixel spans (the map's linear scale).
   *
   * @return the scale
   */
  public double scale() {
    return Math.sqrt(Math.abs(a * d - b * c));
  }

  /**
   * Samples {@code source} into a new {@code width x height x 3} float array.
   *
   * @param source the image
   * @param width output width
   * @param height output height
   * @return interleaved RGB floats, 0..255, row-major
   */
  public float[] apply(RgbImage source, int width, int height) {
    if (b == 0 && c == 0 && a == d && a >= 2 && tx == 0.5 * a - 0.5 && ty == tx) {
      return boxDownscale(source, a, width, height);
    }
    float[] out = new float[width * height * 3];
    int k = (int) Math.min(MAX_SUPERSAMPLING, Math.max(1, Math.ceil(scale() - 0.25)));
    double inv = 1.0 / (k * k);
    byte[] px = source.pixels();
    int sw = source.width();
    int sh = source.height();
    float[] rgb = new float[3];
    for (int v = 0; v < height; v++) {
      for (int u = 0; u < width; u++) {
        double r = 0;
        double g = 0;
        double bl = 0;
        for (int j = 0; j < k; j++) {
          double vv = v + (j + 0.5) / k - 0.5;
          for (int i = 0; i < k; i++) {
            double uu = u + (i + 0.5) / k - 0.5;
            double x = a * uu + b * vv + tx;
            double y = c * uu + d * vv + ty;
            bilinear(px, sw, sh, x, y, rgb);
            r += rgb[0];
            g += rgb[1];
            bl += rgb[2];
          }
        }
        int o = (v * width + u) * 3;
        out[o] = (float) (r * inv);
        out[o + 1] = (float) (g * inv);
        out[o + 2] = (float) (bl * inv);
      }
    }
    return out;
  }

  /**
   * The {@link #scaling} map for shrinking by 2 or more, computed as an exact area average: every
   * source pixel is read once, weighted by how much of it an output pixel covers.
   */
  private static float[] boxDownscale(RgbImage source, double scale, int width, int height) {
    float[] out = new float[width * height * 3];
    byte[] px = source.pixels();
    int sw = source.width();
    int sh = source.height();
    int[] x0 = new int[width];
    int[] x1 = new int[width];
    float[][] xw = new float[width][];
    for (int u = 0; u < width; u++) {
      double from = u * scale;
      double to = Math.min(sw, (u + 1) * scale);
      x0[u] = (int) Math.floor(from);
      x1[u] = (int) Math.ceil(to);
      xw[u] = weights(from, to, x0[u], x1[u]);
    }
    float[] row = new float[width * 3];
    for (int v = 0; v < height; v++) {
      double from = v * scale;
      double to = Math.min(sh, (v + 1) * scale);
      if (from >= sh) {
        break; // below the image: black
      }
      int y0 = (int) Math.floor(from);
      int y1 = (int) Math.ceil(to);
      float[] yw = weights(from, to, y0, y1);
      java.util.Arrays.fill(row, 0);
      for (int y = y0; y < y1; y++) {
        float wy = yw[y - y0];
        int base = y * sw * 3;
        for (int u = 0; u < width; u++) {
          if (x0[u] >= sw) {
            break; // right of the image: black
          }
          float r = 0;
          float g = 0;
          float bl = 0;
          float[] w = xw[u];
          for (int x = x0[u], k = 0; x < x1[u]; x++, k++) {
            int i = base + x * 3;
            r += (px[i] & 0xff) * w[k];
            g += (px[i + 1] & 0xff) * w[k];
            bl += (px[i + 2] & 0xff) * w[k];
          }
          int o = u * 3;
          row[o] += r * wy;
          row[o + 1] += g * wy;
          row[o + 2] += bl * wy;
        }
      }
      // normalise by the full footprint: parts outside the image count as black
      float norm = (float) (1.0 / (scale * scale));
      int o = v * width * 3;
      for (int i = 0; i < row.length; i++) {
        out[o + i] = row[i] * norm;
      }
    }
    return out;
  }

  /** Coverage of source pixels {@code first..last-1} by the interval {@code [from, to)}. */
  private static float[] weights(double from, double to, int first, int last) {
    float[] w = new float[Math.max(0, last - first)];
    for (int i = 0; i < w.length; i++) {
      int p = first + i;
      w[i] = (float) (Math.min(to, p + 1) - Math.max(from, p));
    }
    return w;
  }

  private static void bilinear(byte[] px, int w, int h, double x, double y, float[] rgb) {
    if (x < -0.5 || y < -0.5 || x > w - 0.5 || y > h - 0.5) {
      rgb[0] = 0;
      rgb[1] = 0;
      rgb[2] = 0;
      return;
    }
    double cx = Math.min(Math.max(x, 0), w - 1);
    double cy = Math.min(Math.max(y, 0), h - 1);
    int x0 = (int) cx;
    int y0 = (int) cy;
    int x1 = Math.min(x0 + 1, w - 1);
    int y1 = Math.min(y0 + 1, h - 1);
    float fx = (float) (cx - x0);
    float fy = (float) (cy - y0);
    int i00 = (y0 * w + x0) * 3;
    int i01 = (y0 * w + x1) * 3;
    int i10 = (y1 * w + x0) * 3;
    int i11 = (y1 * w + x1) * 3;
    for (int ch = 0; ch < 3; ch++) {
      float top = (px[i00 + ch] & 0xff) * (1 - fx) + (px[i01 + ch] & 0xff) * fx;
      float bottom = (px[i10 + ch] & 0xff) * (1 - fx) + (px[i11 + ch] & 0xff) * fx;
      rgb[ch] = top * (1 - fy) + bottom * fy;
    }
  }
}
