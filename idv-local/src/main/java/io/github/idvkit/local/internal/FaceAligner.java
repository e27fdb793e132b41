package io.github.idvkit.local.internal;

/**
 * Aligns a detected face into the 150x150 chip the dlib descriptor expects: a least-squares
 * similarity transform (rotation, uniform scale, translation; no reflection, after Umeyama) from
 * four keypoints (both eyes, nose tip, mouth centre) to a fixed template, then bilinear sampling.
 *
 * <p>The template is ArcFace's 112-pixel template rescaled to face-api's 150-pixel box; it agrees
 * with dlib's own chip (padding 0.25) to within about 3 pixels.
 */
public final class FaceAligner {

  /** Side of the chip in pixels. */
  public static final int CHIP_SIZE = 150;

  private static final int[] KEYPOINTS = {
    FaceDetection.LEFT_EYE, FaceDetection.RIGHT_EYE, FaceDetection.NOSE, FaceDetection.MOUTH
  };

  /** Template positions (pixel-centre coordinates in the chip) of the four keypoints. */
  private static final double[] TEMPLATE = {
    48.06, 44.00, //
    101.71, 43.70,
    75.06, 74.51,
    75.23, 105.79
  };

  private FaceAligner() {}

  /**
   * Returns the map from chip pixel coordinates to image pixel coordinates for a face.
   *
   * @param face the detection, in the image's continuous coordinates
   * @return the map
   */
  public static AffineWarp chipToImage(FaceDetection face) {
    int n = KEYPOINTS.length;
    double[] dst = new double[2 * n];
    for (int i = 0; i < n; i++) {
      // continuous -> pixel-centre coordinates
      dst[2 * i] = face.x(KEYPOINTS[i]) - 0.5;
      dst[2 * i + 1] = face.y(KEYPOINTS[i]) - 0.5;
    }
    return similarity(TEMPLATE, dst);
  }

  /**
   * Returns the least-squares similarity transform that maps points {@code src} onto {@code dst}.
   *
   * @param src x0 y0 x1 y1 ...
   * @param dst the same number of points
   * @return the map from src coordinates to dst coordinates
   */
  static AffineWarp similarity(double[] src, double[] dst) {
    int n = src.length / 2;
    double sx = 0;
    double sy = 0;
    double dx = 0;
    double dy = 0;
    for (int i = 0; i < n; i++) {
      sx += src[2 * i];
      sy += src[2 * i + 1];
      dx += dst[2 * i];
      dy += dst[2 * i + 1];
    }
    sx /= n;
    sy /= n;
    dx /= n;
    dy /= n;
    double dot = 0;
    double cross = 0;
    double norm = 0;
    for (int i = 0; i < n; i++) {
      double px = src[2 * i] - sx;
      double py = src[2 * i + 1] - sy;
      double qx = dst[2 * i] - dx;
      double qy = dst[2 * i + 1] - dy;
      dot += px * qx + py * qy;
      cross += px * qy - py * qx;
      norm += px * px + py * py;
    }
    double a = dot / norm; // s * cos
    double b = cross / norm; // s * sin
    return new AffineWarp(a, -b, b, a, dx - (a * sx - b * sy), dy - (b * sx + a * sy));
  }

  /**
   * Cuts the aligned chip of a face out of an image.
   *
   * @param image the image the face was detected in
   * @param face the detection
   * @return interleaved RGB floats 0..255, {@code 150 * 150 * 3}
   */
  public static float[] chip(RgbImage image, FaceDetection face) {
    return chipToImage(face).apply(image, CHIP_SIZE, CHIP_SIZE);
  }

  /**
   * Cuts a chip for a descriptor model with its own template and size.
   *
   * @param image the image the face was detected in
   * @param face the detection
   * @param template chip positions of left eye, right eye, nose tip, mouth centre
   * @param size the chip's side
   * @return interleaved RGB floats 0..255, {@code size * size * 3}
   */
  public static float[] chip(RgbImage image, FaceDetection face, double[] template, int size) {
    if (size == CHIP_SIZE && java.util.Arrays.equals(template, TEMPLATE)) {
      return chip(image, face);
    }
    int n = KEYPOINTS.length;
    double[] dst = new double[2 * n];
    for (int i = 0; i < n; i++) {
      dst[2 * i] = face.x(KEYPOINTS[i]) - 0.5;
      dst[2 * i + 1] = face.y(KEYPOINTS[i]) - 0.5;
    }
    return similarity(template, dst).apply(image, size, size);
  }
}
