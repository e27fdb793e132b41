package io.github.idvkit.local.internal;

import java.util.Objects;

/**
 * One face found by the detector, in continuous pixel coordinates of the analysed {@link
 * RgbImage} (pixel {@code i} spans {@code [i, i+1)}).
 *
 * <p>Keypoints are six (x, y) pairs: the eye on the image's left, the eye on the image's right, the
 * nose tip, the mouth centre, the ear (tragion) on the image's left and the one on the right.
 *
 * @param score detector confidence, 0..1
 * @param left left edge
 * @param top top edge
 * @param right right edge
 * @param bottom bottom edge
 * @param keypoints twelve coordinates, x0 y0 x1 y1 ... x5 y5
 */
public record FaceDetection(
    double score, double left, double top, double right, double bottom, double[] keypoints) {

  /** Number of keypoints. */
  public static final int KEYPOINTS = 6;

  /** Index of the eye on the image's left. */
  public static final int LEFT_EYE = 0;

  /** Index of the eye on the image's right. */
  public static final int RIGHT_EYE = 1;

  /** Index of the nose tip. */
  public static final int NOSE = 2;

  /** Index of the mouth centre. */
  public static final int MOUTH = 3;

  /** Checks the keypoint count. */
  public FaceDetection {
    Objects.requireNonNull(keypoints, "keypoints");
    if (keypoints.length != 2 * KEYPOINTS) {
      throw new IllegalArgumentException("Expected 12 keypoint coordinates, got " + keypoints.length);
    }
  }

  /**
   * Returns the box width.
   *
   * @return pixels
   */
  public double width() {
    return right - left;
  }

  /**
   * Returns the box height.
   *
   * @return pixels
   */
  public double height() {
    return bottom - top;
  }

  /**
   * Returns a keypoint's x.
   *
   * @param k keypoint index
   * @return x in pixels
   */
  public double x(int k) {
    return keypoints[2 * k];
  }

  /**
   * Returns a keypoint's y.
   *
   * @param k keypoint index
   * @return y in pixels
   */
  public double y(int k) {
    return keypoints[2 * k + 1];
  }

  /**
   * Returns this detection with every coordinate multiplied by {@code factor}.
   *
   * @param factor the scale
   * @return the scaled detection
   */
  public FaceDetection scaled(double factor) {
    double[] k = keypoints.clone();
    for (int i = 0; i < k.length; i++) {
      k[i] *= factor;
    }
    return new FaceDetection(score, left * factor, top * factor, right * factor, bottom * factor, k);
  }

  /**
   * Returns the intersection over union of two boxes.
   *
   * @param other the other detection
   * @return IoU, 0..1
   */
  public double iou(FaceDetection other) {
    double iw = Math.min(right, other.right) - Math.max(left, other.left);
    double ih = Math.min(bottom, other.bottom) - Math.max(top, other.top);
    if (iw <= 0 || ih <= 0) {
      return 0;
    }
    double inter = iw * ih;
    return inter / (width() * height() + other.width() * other.height() - inter);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FaceDetection other
        && score == other.score
        && left == other.left
        && top == other.top
        && right == other.right
        && bottom == other.bottom
        && java.util.Arrays.equals(keypoints, other.keypoints);
  }

  @Override
  public int hashCode() {
    return Objects.hash(score, left, top, right, bottom, java.util.Arrays.hashCode(keypoints));
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "FaceDetection[score=%.3f, box=(%.1f, %.1f, %.1f, %.1f)]",
        score,
        left,
        top,
        right,
        bottom);
  }
}
