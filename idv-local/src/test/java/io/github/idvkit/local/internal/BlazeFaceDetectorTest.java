package io.github.idvkit.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class BlazeFaceDetectorTest {

  private static FaceDetection box(double score, double left, double top, double size) {
    double[] k = new double[12];
    for (int i = 0; i < 6; i++) {
      k[2 * i] = left + size / 2;
      k[2 * i + 1] = top + size / 2;
    }
    return new FaceDetection(score, left, top, left + size, top + size, k);
  }

  @Test
  void weightedNms_overlappingBoxes_mergeIntoTheScoreWeightedMean() {
    FaceDetection a = box(0.9, 0, 0, 10);
    FaceDetection b = box(0.6, 2, 0, 10);

    List<FaceDetection> merged = BlazeFaceDetector.weightedNms(List.of(b, a), 0.3);

    assertThat(merged).hasSize(1);
    FaceDetection m = merged.get(0);
    assertThat(m.score()).isEqualTo(0.9);
    assertThat(m.left()).isCloseTo((0 * 0.9 + 2 * 0.6) / 1.5, within(1e-9));
    assertThat(m.x(0)).isCloseTo((5 * 0.9 + 7 * 0.6) / 1.5, within(1e-9));
  }

  @Test
  void weightedNms_separateBoxes_stayApartBestFirst() {
    FaceDetection a = box(0.7, 0, 0, 10);
    FaceDetection b = box(0.95, 50, 50, 10);

    List<FaceDetection> out = BlazeFaceDetector.weightedNms(List.of(a, b), 0.3);

    assertThat(out).containsExactly(b, a);
  }

  @Test
  void iou_halfOverlap_isOneThird() {
    assertThat(box(1, 0, 0, 10).iou(box(1, 5, 0, 10))).isCloseTo(50.0 / 150, within(1e-9));
    assertThat(box(1, 0, 0, 10).iou(box(1, 20, 0, 10))).isZero();
  }
}
