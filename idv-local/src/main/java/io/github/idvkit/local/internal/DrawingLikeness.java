package io.github.idvkit.local.internal;

/**
 * How much a face's aligned chip looks drawn rather than photographed: flat areas of one colour and
 * the contrast gathered on a few hard outlines. Measured on the chip's central face region (eyes to
 * chin, cheek to cheek), where a photo shows shading and skin texture even after JPEG compression.
 *
 * <p>The measure is the sum of two shares, each 0..1:
 *
 * <ul>
 *   <li><b>flat share</b>: the pixels whose right and lower neighbours differ by at most one level
 *       (of 255) in every colour channel;
 *   <li><b>edge share</b>: the part of all luma gradient that the steepest tenth of the pixels
 *       hold.
 * </ul>
 *
 * <p>Measured (module README, "Non-faces"): 293 real faces (every face of 59 photos, as given,
 * normalised and re-encoded at JPEG quality 50 and 95) read 0.27-0.51; 36 clip-art faces that
 * passed the detector and the other checks read 0.34-1.49 as the flows see them, 26 of them 0.566
 * or more. Drawings shaded like photos stay under the bar, and JPEG compression of a drawing
 * lowers its reading: this is no defence against a presentation attack.
 */
public final class DrawingLikeness {

  private static final int SIZE = FaceAligner.CHIP_SIZE;
  /** The central face region of the chip, eyes to chin and cheek to cheek: x in [X0, X1), y in [Y0, Y1). */
  static final int X0 = 35;
  static final int X1 = 115;
  static final int Y0 = 30;
  static final int Y1 = 120;

  private DrawingLikeness() {}

  /**
   * Measures a chip.
   *
   * @param chip the aligned chip, interleaved RGB floats 0..255, 150 x 150
   * @return flat share plus edge share, 0..2; real photos read about 0.3-0.5
   */
  public static double measure(float[] chip) {
    int n = (X1 - X0) * (Y1 - Y0);
    float[] gradients = new float[n];
    int flat = 0;
    double total = 0;
    int k = 0;
    for (int y = Y0; y < Y1; y++) {
      for (int x = X0; x < X1; x++) {
        int i = 3 * (y * SIZE + x);
        int right = i + 3;
        int down = i + 3 * SIZE;
        float step = 0;
        for (int c = 0; c < 3; c++) {
          step = Math.max(step, Math.abs(chip[i + c] - chip[right + c]));
          step = Math.max(step, Math.abs(chip[i + c] - chip[down + c]));
        }
        if (step <= 1) {
          flat++;
        }
        double l = luma(chip, i);
        double dx = luma(chip, right) - l;
        double dy = luma(chip, down) - l;
        float g = (float) Math.sqrt(dx * dx + dy * dy);
        gradients[k++] = g;
        total += g;
      }
    }
    int first = n - n / 10;
    select(gradients, first);
    double steepest = 0;
    for (int j = first; j < n; j++) {
      steepest += gradients[j];
    }
    double edgeShare = total > 0 ? steepest / total : 1;
    return (double) flat / n + edgeShare;
  }

  /**
   * Reorders {@code a} so that {@code a[k]} holds the value it would hold sorted, with no larger
   * value before it and no smaller one after it (Hoare's selection; cheaper than sorting).
   */
  static void select(float[] a, int k) {
    int lo = 0;
    int hi = a.length - 1;
    while (lo < hi) {
      float pivot = a[(lo + hi) >>> 1];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (a[i] < pivot) {
          i++;
        }
        while (a[j] > pivot) {
          j--;
        }
        if (i <= j) {
          float t = a[i];
          a[i] = a[j];
          a[j] = t;
          i++;
          j--;
        }
      }
      if (k <= j) {
        hi = j;
      } else if (k >= i) {
        lo = i;
      } else {
        return;
      }
    }
  }

  private static double luma(float[] chip, int i) {
    return 0.299 * chip[i] + 0.587 * chip[i + 1] + 0.114 * chip[i + 2];
  }
}
