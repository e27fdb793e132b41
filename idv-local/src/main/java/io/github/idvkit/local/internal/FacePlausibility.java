package io.github.idvkit.local.internal;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Tells whether a detection can be a human face, beyond BlazeFace's own score, which alone let a
 * cat through (0.693 on the file, 0.732 after the flows' JPEG re-encode, over the 0.7 gate).
 *
 * <p>Three checks, measured on public-domain non-faces (Debian's openclipart and scikit-image data)
 * and real faces (see the module README, "Non-faces"):
 *
 * <ul>
 *   <li><b>Keypoint geometry</b> (cheap, every face): eye distance against the box width, the nose
 *       and mouth below the eyes and in that order, the ears on either side and near eye level.
 *       The bounds are loose (about twice the spread of the real faces measured, including 3/4
 *       views) and drop the garbage keypoints BlazeFace returns on textures and on faces it
 *       misreads.
 *   <li><b>Face-likeness of the descriptor</b> (for the face that is judged): the dlib descriptor
 *       of whatever is not a face falls near one region of its space. The distance to the mean
 *       descriptor of 127 non-face detections ({@code models/dlib_nonface_prototype.txt}) was
 *       0.515-0.81 for 51 real faces and 0.28-0.52 for animal photos (the cat: 0.436, 0.466 after
 *       re-encoding). A face must have {@code score + distance >= 1.28}: the real faces measured
 *       reach 1.318 and more, the cat 1.20, so a weak detection must look more like a face and a
 *       re-encode (score drift at most 0.05 measured) cannot carry the cat over.
 *   <li><b>Drawn, not photographed</b> (cheap, every face): {@link DrawingLikeness} of the chip the
 *       engine already cuts for the quality measures must stay below {@link
 *       #MAX_DRAWING_LIKENESS}. The descriptor cannot tell a drawing from a photo (a drawn person
 *       looks like a person to it), and neither can the keypoints; flat colour and hard outlines
 *       can. 293 real faces read at most 0.51 (also after re-encoding at JPEG quality 50); 26 of
 *       the 36 clip-art files that passed the other checks read 0.566 or more after the flows'
 *       normalisation, the camel head 0.614.
 * </ul>
 *
 * <p>One more check runs <b>at enrolment only</b> ({@code LocalFaceIndex}), where a non-face would
 * stay: <b>the face in the mirror image</b>. A face is bilaterally symmetric, so the detector finds
 * it again in the mirrored image, at the mirrored keypoints, with a similar score; a pattern that
 * only happens to fire the detector often does not. {@link #mirrorScore} must reach {@link
 * #MIN_MIRROR_SCORE}. It costs one more detector run per enrolment, none per login.
 *
 * <p>The prototype belongs to the dlib descriptor ({@code nonFacePrototype} in its description);
 * another descriptor model needs its own, or gets the geometry check only.
 */
public final class FacePlausibility {

  /** Lowest {@code score + distance to the non-face prototype} of a plausible face. */
  public static final double MIN_SCORE_PLUS_DISTANCE = 1.28;

  /**
   * Highest {@link DrawingLikeness} of a plausible face: 0.05 above the most drawing-like real face
   * measured (0.51).
   */
  public static final double MAX_DRAWING_LIKENESS = 0.56;

  /**
   * Lowest score of the same face found in the mirror image for an enrolled face. Measured with the
   * other checks passed (module README, "Non-faces, round 4"): 293 real faces read 0.78 and more as
   * the flows see them (file or normalised; 0.78 after a JPEG q95 re-encode, 0.70 after q50); the
   * one photographed non-face that registered before, a gravestone carving, read 0.61-0.67 in every
   * encoding, and 19 of 32 photographed non-face detections that passed every other check read
   * below 0.69 or were not found mirrored at all.
   */
  public static final double MIN_MIRROR_SCORE = 0.69;

  /**
   * Farthest the mirror-image face's keypoints (eyes, nose, mouth, mirrored back) may lie from the
   * face's, in eye distances, to count as the same face: real faces measured 0.67 at most.
   */
  public static final double MAX_MIRROR_KEYPOINT_ERROR = 1.0;

  /** How much a face failing a check keeps of its detector score, as reported confidence. */
  public static final double IMPLAUSIBLE_CONFIDENCE_FACTOR = 0.5;

  private FacePlausibility() {}

  /**
   * Tells whether the six keypoints are arranged as a face's can be.
   *
   * @param face the detection
   * @return {@code true} if plausible
   */
  public static boolean geometryPlausible(FaceDetection face) {
    double ex = (face.x(FaceDetection.LEFT_EYE) + face.x(FaceDetection.RIGHT_EYE)) / 2;
    double ey = (face.y(FaceDetection.LEFT_EYE) + face.y(FaceDetection.RIGHT_EYE)) / 2;
    double vx = face.x(FaceDetection.RIGHT_EYE) - face.x(FaceDetection.LEFT_EYE);
    double vy = face.y(FaceDetection.RIGHT_EYE) - face.y(FaceDetection.LEFT_EYE);
    double eyes = Math.hypot(vx, vy);
    if (!(eyes > 0) || !(face.width() > 0)) {
      return false;
    }
    double eyesPerWidth = eyes / face.width();
    if (eyesPerWidth < 0.25 || eyesPerWidth > 0.7) {
      return false;
    }
    // Face frame: origin between the eyes, x along the eyes, y down the face, unit = eye distance.
    double[] nose = frame(face, FaceDetection.NOSE, ex, ey, vx, vy, eyes);
    double[] mouth = frame(face, FaceDetection.MOUTH, ex, ey, vx, vy, eyes);
    double[] leftEar = frame(face, 4, ex, ey, vx, vy, eyes);
    double[] rightEar = frame(face, 5, ex, ey, vx, vy, eyes);
    return Math.abs(nose[0]) <= 0.7
        && nose[1] >= 0.2
        && nose[1] <= 1.1
        && Math.abs(mouth[0]) <= 0.6
        && mouth[1] >= 0.7
        && mouth[1] <= 1.8
        && mouth[1] - nose[1] >= 0.15
        && leftEar[0] <= -0.2
        && rightEar[0] >= 0.2
        && Math.abs(leftEar[1]) <= 0.9
        && Math.abs(rightEar[1]) <= 0.9;
  }

  private static double[] frame(
      FaceDetection face, int k, double ex, double ey, double vx, double vy, double eyes) {
    double rx = face.x(k) - ex;
    double ry = face.y(k) - ey;
    double ux = vx / eyes;
    double uy = vy / eyes;
    return new double[] {(rx * ux + ry * uy) / eyes, (-rx * uy + ry * ux) / eyes};
  }

  /**
   * Tells whether a face passes the checks that need no descriptor: its keypoint geometry, and that
   * it does not look drawn.
   *
   * @param face the detection and its measurements
   * @return {@code true} if plausible
   */
  public static boolean plausibleWithoutDescriptor(FaceEngine.AnalyzedFace face) {
    return geometryPlausible(face.detection())
        && face.quality().drawingLikeness() < MAX_DRAWING_LIKENESS;
  }

  /**
   * Tells whether a face with its descriptor passes every check: {@link
   * #plausibleWithoutDescriptor} and {@link #plausible(FaceDetection, float[], float[])}.
   *
   * @param face the detection and its measurements
   * @param descriptor its descriptor
   * @param nonFacePrototype the model's non-face prototype, or {@code null} if it has none
   * @return {@code true} if plausible
   */
  public static boolean plausible(
      FaceEngine.AnalyzedFace face, float[] descriptor, float @Nullable [] nonFacePrototype) {
    return face.quality().drawingLikeness() < MAX_DRAWING_LIKENESS
        && plausible(face.detection(), descriptor, nonFacePrototype);
  }

  /**
   * Tells whether a detection with its descriptor is a plausible face: its geometry, and its score
   * and descriptor together ({@link #MIN_SCORE_PLUS_DISTANCE}). A descriptor model without a
   * non-face prototype is checked by geometry only.
   *
   * @param face the detection
   * @param descriptor its descriptor
   * @param nonFacePrototype the model's non-face prototype, or {@code null} if it has none
   * @return {@code true} if plausible
   */
  public static boolean plausible(
      FaceDetection face, float[] descriptor, float @Nullable [] nonFacePrototype) {
    return geometryPlausible(face)
        && (nonFacePrototype == null
            || face.score() + Descriptors.distance(descriptor, nonFacePrototype)
                >= MIN_SCORE_PLUS_DISTANCE);
  }

  /**
   * Returns the detector's score for {@code face} in the mirror image: the score of the face found
   * there whose eyes, nose and mouth, mirrored back, lie closest to {@code face}'s, if within {@link
   * #MAX_MIRROR_KEYPOINT_ERROR}; 0 if none is.
   *
   * @param face the face, in the image
   * @param inMirror the faces found in the image mirrored left to right
   * @param width the image's width in pixels
   * @return the score, 0..1
   */
  public static double mirrorScore(FaceDetection face, List<FaceDetection> inMirror, int width) {
    double eyes =
        Math.hypot(
            face.x(FaceDetection.RIGHT_EYE) - face.x(FaceDetection.LEFT_EYE),
            face.y(FaceDetection.RIGHT_EYE) - face.y(FaceDetection.LEFT_EYE));
    if (!(eyes > 0)) {
      return 0;
    }
    // In the mirror image the person's left eye is found where the right one was.
    int[] swap = {FaceDetection.RIGHT_EYE, FaceDetection.LEFT_EYE, FaceDetection.NOSE, FaceDetection.MOUTH};
    int[] own = {FaceDetection.LEFT_EYE, FaceDetection.RIGHT_EYE, FaceDetection.NOSE, FaceDetection.MOUTH};
    double best = Double.MAX_VALUE;
    double score = 0;
    for (FaceDetection m : inMirror) {
      double err = 0;
      for (int k = 0; k < own.length; k++) {
        err += Math.hypot(width - m.x(swap[k]) - face.x(own[k]), m.y(swap[k]) - face.y(own[k]));
      }
      err /= own.length * eyes;
      if (err < best) {
        best = err;
        score = m.score();
      }
    }
    return best <= MAX_MIRROR_KEYPOINT_ERROR ? Math.max(0, Math.min(1, score)) : 0;
  }

  /**
   * Returns the confidence to report for a face: the detector's score, or a part of it when the
   * face fails a check.
   *
   * @param face the detection
   * @param plausible whether it passed the checks that were run
   * @return the confidence, 0..1
   */
  public static double confidence(FaceDetection face, boolean plausible) {
    double score = Math.max(0, Math.min(1, face.score()));
    return plausible ? score : score * IMPLAUSIBLE_CONFIDENCE_FACTOR;
  }
}
