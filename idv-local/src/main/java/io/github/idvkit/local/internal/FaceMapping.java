package io.github.idvkit.local.internal;

import io.github.idvkit.BoundingBox;
import io.github.idvkit.DetectedFace;
import io.github.idvkit.Pose;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Turns the engine's detections into core's {@link DetectedFace} facts. */
public final class FaceMapping {

  private FaceMapping() {}

  /**
   * Returns the faces ordered largest first (by box area), as the ports promise.
   *
   * @param faces detections
   * @return a new, sorted list
   */
  public static List<FaceEngine.AnalyzedFace> largestFirst(List<FaceEngine.AnalyzedFace> faces) {
    List<FaceEngine.AnalyzedFace> sorted = new ArrayList<>(faces);
    sorted.sort(
        Comparator.comparingDouble(
                (FaceEngine.AnalyzedFace f) -> f.detection().width() * f.detection().height())
            .reversed());
    return sorted;
  }

  /**
   * Returns the box of a detection as ratios of the image.
   *
   * @param image the analysed image
   * @param face the detection
   * @return the box
   */
  public static BoundingBox box(RgbImage image, FaceDetection face) {
    double w = image.width();
    double h = image.height();
    return BoundingBox.of(
        face.left() / w,
        face.top() / h,
        Math.min(2, face.width() / w),
        Math.min(2, face.height() / h));
  }

  /**
   * Returns the facts core's quality gate needs. Eyes open, sunglasses and occlusion are left
   * absent: BlazeFace and the dlib descriptor cannot measure them.
   *
   * @param image the analysed image (its source size gives the face size in pixels)
   * @param face the detection and its measurements
   * @return the detected face
   */
  public static DetectedFace detectedFace(RgbImage image, FaceEngine.AnalyzedFace face) {
    return detectedFace(
        image,
        face,
        FacePlausibility.confidence(
            face.detection(), FacePlausibility.plausibleWithoutDescriptor(face)));
  }

  /**
   * Returns the facts core's quality gate needs, with the given confidence (the detector's score,
   * lowered by {@link FacePlausibility} for a face that cannot be one).
   *
   * @param image the analysed image
   * @param face the detection and its measurements
   * @param confidence the confidence to report, 0..1
   * @return the detected face
   */
  public static DetectedFace detectedFace(
      RgbImage image, FaceEngine.AnalyzedFace face, double confidence) {
    FaceDetection d = face.detection();
    FaceQuality q = face.quality();
    int size = (int) Math.round(Math.min(d.width(), d.height()) * image.downscale());
    return DetectedFace.builder()
        .box(box(image, d))
        .confidence(clamp01(confidence))
        .sizePixels(Math.max(0, size))
        .brightness(clamp01(q.brightness()))
        .sharpness(clamp01(q.sharpness()))
        .pose(Pose.of(angle(q.yaw()), angle(q.pitch()), angle(q.roll())))
        .build();
  }

  private static double clamp01(double v) {
    return Math.max(0, Math.min(1, v));
  }

  private static double angle(double degrees) {
    return Math.max(-180, Math.min(180, degrees));
  }
}
