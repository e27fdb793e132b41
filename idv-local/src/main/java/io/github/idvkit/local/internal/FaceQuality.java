package io.github.idvkit.local.internal;

/**
 * What can be measured about a face from BlazeFace's keypoints and the aligned chip. Eyes open,
 * sunglasses and occlusion cannot be measured by these models and are therefore not here.
 *
 * @param brightness mean luma of the central face region, 0 (black) to 1 (white)
 * @param sharpness focus measure of the central face region, 0 (blurred) to 1 (sharp)
 * @param yaw rough head yaw in degrees from the keypoints; positive when the nose points to the
 *     image's right
 * @param pitch rough head pitch in degrees from the keypoints; positive when the face looks up
 * @param roll in-plane tilt of the eye line in degrees; positive when the eye on the image's right
 *     is lower
 * @param drawingLikeness how much the face region looks drawn rather than photographed, see {@link
 *     DrawingLikeness}
 */
public record FaceQuality(
    double brightness, double sharpness, double yaw, double pitch, double roll, double drawingLikeness) {

  /** Chip rows and columns of the central face region (eyes to chin, cheek to cheek). */
  private static final int X0 = 35;

  private static final int X1 = 115;
  private static final int Y0 = 30;
  private static final int Y1 = 120;

  /**
   * Laplacian variance (on 0..255 luma of the 150-pixel chip) at which sharpness reads 0.5;
   * calibrated on the test portraits, see the module README.
   */
  static final double SHARPNESS_HALF = 60.0;

  /** Nose-tip depth in front of the eye plane, as a fraction of the inter-ocular distance. */
  private static final double NOSE_DEPTH = 0.55;

  /** Where the nose tip lies between the eye line and the mouth in the frontal template. */
  private static final double NOSE_FRACTION_FRONTAL = 0.495;

  /**
   * Measures a face.
   *
   * @param face the detection (keypoints give the pose)
   * @param chip the aligned chip of the face, interleaved RGB floats 0..255
   * @return the measurements
   */
  public static FaceQuality measure(FaceDetection face, float[] chip) {
    int s = FaceAligner.CHIP_SIZE;
    int w = X1 - X0;
    int h = Y1 - Y0;
    double[] luma = new double[w * h];
    double sum = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = ((Y0 + y) * s + X0 + x) * 3;
        double l = 0.299 * chip[i] + 0.587 * chip[i + 1] + 0.114 * chip[i + 2];
        luma[y * w + x] = l;
        sum += l;
      }
    }
    double brightness = clamp01(sum / luma.length / 255.0);
    double lapSum = 0;
    double lapSq = 0;
    int n = 0;
    for (int y = 1; y < h - 1; y++) {
      for (int x = 1; x < w - 1; x++) {
        int i = y * w + x;
        double lap = luma[i - 1] + luma[i + 1] + luma[i - w] + luma[i + w] - 4 * luma[i];
        lapSum += lap;
        lapSq += lap * lap;
        n++;
      }
    }
    double mean = lapSum / n;
    double variance = Math.max(0, lapSq / n - mean * mean);
    double sharpness = clamp01(variance / (variance + SHARPNESS_HALF));
    return new FaceQuality(
        brightness, sharpness, yaw(face), pitch(face), roll(face), DrawingLikeness.measure(chip));
  }

  private static double roll(FaceDetection f) {
    double dx = f.x(FaceDetection.RIGHT_EYE) - f.x(FaceDetection.LEFT_EYE);
    double dy = f.y(FaceDetection.RIGHT_EYE) - f.y(FaceDetection.LEFT_EYE);
    return Math.toDegrees(Math.atan2(dy, dx));
  }

  /** Coordinates of keypoint {@code k} in a frame centred on the eye midpoint, eye line as x axis. */
  private static double[] upright(FaceDetection f, int k) {
    double mx = (f.x(FaceDetection.LEFT_EYE) + f.x(FaceDetection.RIGHT_EYE)) / 2;
    double my = (f.y(FaceDetection.LEFT_EYE) + f.y(FaceDetection.RIGHT_EYE)) / 2;
    double angle = Math.toRadians(roll(f));
    double cos = Math.cos(angle);
    double sin = Math.sin(angle);
    double dx = f.x(k) - mx;
    double dy = f.y(k) - my;
    return new double[] {dx * cos + dy * sin, -dx * sin + dy * cos};
  }

  private static double eyeDistance(FaceDetection f) {
    return Math.hypot(
        f.x(FaceDetection.RIGHT_EYE) - f.x(FaceDetection.LEFT_EYE),
        f.y(FaceDetection.RIGHT_EYE) - f.y(FaceDetection.LEFT_EYE));
  }

  private static double yaw(FaceDetection f) {
    double eyes = eyeDistance(f);
    if (eyes <= 0) {
      return 0;
    }
    double offset = upright(f, FaceDetection.NOSE)[0];
    return Math.toDegrees(Math.atan2(offset, NOSE_DEPTH * eyes));
  }

  private static double pitch(FaceDetection f) {
    double eyes = eyeDistance(f);
    double mouth = upright(f, FaceDetection.MOUTH)[1];
    if (eyes <= 0 || mouth <= 0) {
      return 0;
    }
    double nose = upright(f, FaceDetection.NOSE)[1];
    double shift = nose - NOSE_FRACTION_FRONTAL * mouth;
    // A nose tip drawn towards the eyes means the face looks up.
    return Math.toDegrees(Math.atan2(-shift, NOSE_DEPTH * eyes));
  }

  private static double clamp01(double v) {
    return Math.max(0, Math.min(1, v));
  }
}
