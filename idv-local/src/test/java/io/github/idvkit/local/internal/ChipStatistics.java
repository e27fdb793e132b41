package io.github.idvkit.local.internal;

/**
 * Colour and texture statistics of an aligned chip's central face region: the candidates
 * {@link NonFaceStudy} measured before {@link DrawingLikeness} was chosen. Not used by the engine.
 */
public final class ChipStatistics {

  private static final int SIZE = FaceAligner.CHIP_SIZE;
  private static final int X0 = DrawingLikeness.X0;
  private static final int X1 = DrawingLikeness.X1;
  private static final int Y0 = DrawingLikeness.Y0;
  private static final int Y1 = DrawingLikeness.Y1;

  /** Names of {@link #measure}'s values, in order. */
  public static final String[] NAMES = {
    "flat1", "flat2", "flat4", "sat", "skin", "colours", "top8", "noise", "lumaStd", "chromaStd",
    "gmed", "gmean", "g90", "edgeShare", "cell5a", "cell5b", "cell10a", "cell10b"
  };

  private ChipStatistics() {}

  /**
   * Measures a chip.
   *
   * @param chip interleaved RGB floats 0..255, 150 x 150
   * @return the values named by {@link #NAMES}
   */
  public static double[] measure(float[] chip) {
    int n = 0;
    int flat1 = 0;
    int flat2 = 0;
    int flat4 = 0;
    double sat = 0;
    int skin = 0;
    int[] hist = new int[4096];
    double[] lap = new double[(X1 - X0) * (Y1 - Y0)];
    double[] grad = new double[(X1 - X0) * (Y1 - Y0)];
    double ls = 0;
    double ls2 = 0;
    double cbS = 0;
    double cbS2 = 0;
    double crS = 0;
    double crS2 = 0;
    for (int y = Y0; y < Y1; y++) {
      for (int x = X0; x < X1; x++) {
        int i = 3 * (y * SIZE + x);
        float r = chip[i];
        float g = chip[i + 1];
        float b = chip[i + 2];
        double d = 0;
        for (int c = 0; c < 3; c++) {
          d = Math.max(d, Math.abs(chip[i + c] - chip[i + 3 + c]));
          d = Math.max(d, Math.abs(chip[i + c] - chip[i + 3 * SIZE + c]));
        }
        if (d <= 1) {
          flat1++;
        }
        if (d <= 2) {
          flat2++;
        }
        if (d <= 4) {
          flat4++;
        }
        double max = Math.max(r, Math.max(g, b));
        double min = Math.min(r, Math.min(g, b));
        sat += max > 0 ? (max - min) / max : 0;
        double luma = 0.299 * r + 0.587 * g + 0.114 * b;
        double cb = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
        double cr = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
        if (cb >= 77 && cb <= 127 && cr >= 133 && cr <= 173) {
          skin++;
        }
        ls += luma;
        ls2 += luma * luma;
        cbS += cb;
        cbS2 += cb * cb;
        crS += cr;
        crS2 += cr * cr;
        hist[(((int) r) >> 4) << 8 | (((int) g) >> 4) << 4 | (((int) b) >> 4)]++;
        double l = luma(chip, x, y) * 4 - luma(chip, x - 1, y) - luma(chip, x + 1, y)
            - luma(chip, x, y - 1) - luma(chip, x, y + 1);
        lap[n] = Math.abs(l);
        grad[n] = Math.hypot(luma(chip, x + 1, y) - luma(chip, x, y), luma(chip, x, y + 1) - luma(chip, x, y));
        n++;
      }
    }
    int colours = 0;
    for (int h : hist) {
      if (h > 0) {
        colours++;
      }
    }
    int[] sorted = hist.clone();
    java.util.Arrays.sort(sorted);
    int top = 0;
    for (int k = 0; k < 8; k++) {
      top += sorted[sorted.length - 1 - k];
    }
    java.util.Arrays.sort(lap);
    java.util.Arrays.sort(grad);
    double gsum = 0;
    for (double v : grad) {
      gsum += v;
    }
    double gtop = 0;
    for (int k = n - n / 10; k < n; k++) {
      gtop += grad[k];
    }
    double lm = ls / n;
    double cbm = cbS / n;
    double crm = crS / n;
    return new double[] {
      (double) flat1 / n,
      (double) flat2 / n,
      (double) flat4 / n,
      sat / n,
      (double) skin / n,
      colours,
      (double) top / n,
      lap[n / 2],
      Math.sqrt(Math.max(0, ls2 / n - lm * lm)),
      Math.sqrt(Math.max(0, cbS2 / n - cbm * cbm) + Math.max(0, crS2 / n - crm * crm)),
      grad[n / 2],
      gsum / n,
      grad[n * 9 / 10],
      gsum > 0 ? gtop / gsum : 1,
      cellFlat(chip, 5, 0.5),
      cellFlat(chip, 5, 1.0),
      cellFlat(chip, 10, 0.5),
      cellFlat(chip, 10, 1.0)
    };
  }

  /** Share of neighbouring cells (cell x cell pixels) whose mean colours differ by at most tol. */
  static double cellFlat(float[] chip, int cell, double tol) {
    int cw = (X1 - X0) / cell;
    int ch = (Y1 - Y0) / cell;
    double[][] mean = new double[cw * ch][3];
    for (int cy = 0; cy < ch; cy++) {
      for (int cx = 0; cx < cw; cx++) {
        double[] m = mean[cy * cw + cx];
        for (int y = Y0 + cy * cell; y < Y0 + (cy + 1) * cell; y++) {
          for (int x = X0 + cx * cell; x < X0 + (cx + 1) * cell; x++) {
            int i = 3 * (y * SIZE + x);
            m[0] += chip[i];
            m[1] += chip[i + 1];
            m[2] += chip[i + 2];
          }
        }
        for (int c = 0; c < 3; c++) {
          m[c] /= cell * cell;
        }
      }
    }
    int pairs = 0;
    int flat = 0;
    for (int cy = 0; cy < ch; cy++) {
      for (int cx = 0; cx < cw; cx++) {
        double[] m = mean[cy * cw + cx];
        if (cx + 1 < cw) {
          pairs++;
          flat += close(m, mean[cy * cw + cx + 1], tol) ? 1 : 0;
        }
        if (cy + 1 < ch) {
          pairs++;
          flat += close(m, mean[(cy + 1) * cw + cx], tol) ? 1 : 0;
        }
      }
    }
    return (double) flat / pairs;
  }

  private static boolean close(double[] a, double[] b, double tol) {
    return Math.abs(a[0] - b[0]) <= tol && Math.abs(a[1] - b[1]) <= tol && Math.abs(a[2] - b[2]) <= tol;
  }

  private static double luma(float[] chip, int x, int y) {
    int i = 3 * (y * SIZE + x);
    return 0.299 * chip[i] + 0.587 * chip[i + 1] + 0.114 * chip[i + 2];
  }
}
