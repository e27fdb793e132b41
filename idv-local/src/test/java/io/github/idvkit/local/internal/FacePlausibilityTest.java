package io.github.idvkit.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The mirror check's matching, on hand-made detections. */
class FacePlausibilityTest {

  private static final int WIDTH = 200;

  /** A face with eyes at (80, 90) and (120, 90), nose (100, 110), mouth (100, 130), ears beside. */
  private static FaceDetection face(double score, double shift) {
    return new FaceDetection(score, 60 + shift, 60, 140 + shift, 150,
        new double[] {80 + shift, 90, 120 + shift, 90, 100 + shift, 110, 100 + shift, 130, 65 + shift, 95, 135 + shift, 95});
  }

  /** The same face as found in the image mirrored left to right: x becomes WIDTH - x, eyes swap. */
  private static FaceDetection mirrored(FaceDetection f, double score) {
    double[] k = f.keypoints();
    return new FaceDetection(score, WIDTH - f.right(), f.top(), WIDTH - f.left(), f.bottom(),
        new double[] {
          WIDTH - k[2], k[3], WIDTH - k[0], k[1], WIDTH - k[4], k[5], WIDTH - k[6], k[7],
          WIDTH - k[10], k[11], WIDTH - k[8], k[9]
        });
  }

  @Test
  void mirrorScore_ofTheSameFaceMirrored_isItsScore() {
    FaceDetection f = face(0.9, 7);

    assertThat(FacePlausibility.mirrorScore(f, List.of(mirrored(f, 0.83)), WIDTH)).isEqualTo(0.83);
  }

  @Test
  void mirrorScore_picksTheFaceAtTheMirroredKeypoints_notTheBestScore() {
    FaceDetection f = face(0.9, 30);
    FaceDetection elsewhere = mirrored(face(0.99, -40), 0.99);

    assertThat(FacePlausibility.mirrorScore(f, List.of(elsewhere, mirrored(f, 0.72)), WIDTH)).isEqualTo(0.72);
  }

  @Test
  void mirrorScore_withoutAFaceAtTheMirroredKeypoints_isZero() {
    FaceDetection f = face(0.9, 30);

    assertThat(FacePlausibility.mirrorScore(f, List.of(), WIDTH)).isZero();
    // a face 1.5 eye distances away is another face, not this one mirrored
    assertThat(FacePlausibility.mirrorScore(f, List.of(mirrored(face(0.95, 90), 0.95)), WIDTH)).isZero();
  }
}
