package io.github.idvkit.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.idvkit.local.TestPhotos;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

class FaceQualityTest {

  /** A frontal face whose keypoints sit on the template, rotated by {@code roll} and shifted. */
  private static FaceDetection face(double noseShift, double rollDegrees) {
    double[] template = {48.06, 44.00, 101.71, 43.70, 75.06 + noseShift, 74.51, 75.23, 105.79, 20, 60, 130, 60};
    double r = Math.toRadians(rollDegrees);
    double[] k = new double[12];
    for (int i = 0; i < 6; i++) {
      double x = template[2 * i] - 75;
      double y = template[2 * i + 1] - 75;
      k[2 * i] = 75 + x * Math.cos(r) - y * Math.sin(r);
      k[2 * i + 1] = 75 + x * Math.sin(r) + y * Math.cos(r);
    }
    return new FaceDetection(0.9, 0, 0, 150, 150, k);
  }

  @Test
  void measure_templateFace_isFrontal() {
    FaceQuality q = FaceQuality.measure(face(0, 0), new float[150 * 150 * 3]);

    assertThat(q.yaw()).isCloseTo(0, within(1.0));
    assertThat(q.pitch()).isCloseTo(0, within(1.0));
    assertThat(q.roll()).isCloseTo(-0.3, within(0.5));
  }

  @Test
  void measure_tiltedFace_reportsRollAndKeepsYaw() {
    FaceQuality q = FaceQuality.measure(face(0, 25), new float[150 * 150 * 3]);

    assertThat(q.roll()).isCloseTo(25, within(1.0));
    assertThat(q.yaw()).isCloseTo(0, within(1.0));
  }

  @Test
  void measure_noseTowardsTheImageRight_reportsPositiveYaw() {
    FaceQuality q = FaceQuality.measure(face(20, 0), new float[150 * 150 * 3]);

    assertThat(q.yaw()).isBetween(20.0, 45.0);
  }

  @Test
  void measure_blackChip_isDarkAndNotSharp() {
    FaceQuality q = FaceQuality.measure(face(0, 0), new float[150 * 150 * 3]);

    assertThat(q.brightness()).isZero();
    assertThat(q.sharpness()).isZero();
  }

  @Test
  void measure_blurredPortrait_isLessSharpThanTheOriginal() throws Exception {
    FaceEngine engine = SharedEngine.get();
    RgbImage image = engine.decode(new ByteArrayInputStream(TestPhotos.ASTRONAUT.bytes()));
    FaceDetection face = engine.detect(image).get(0).detection();
    float[] chip = FaceAligner.chip(image, face);
    float[] blurred = boxBlur(chip, 3);

    double sharp = FaceQuality.measure(face, chip).sharpness();
    double blurry = FaceQuality.measure(face, blurred).sharpness();

    assertThat(sharp).isGreaterThan(0.6);
    assertThat(blurry).isLessThan(sharp / 2);
  }

  private static float[] boxBlur(float[] chip, int radius) {
    int s = 150;
    float[] out = new float[chip.length];
    for (int y = 0; y < s; y++) {
      for (int x = 0; x < s; x++) {
        for (int c = 0; c < 3; c++) {
          float sum = 0;
          int n = 0;
          for (int dy = -radius; dy <= radius; dy++) {
            for (int dx = -radius; dx <= radius; dx++) {
              int xx = Math.min(s - 1, Math.max(0, x + dx));
              int yy = Math.min(s - 1, Math.max(0, y + dy));
              sum += chip[(yy * s + xx) * 3 + c];
              n++;
            }
          }
          out[(y * s + x) * 3 + c] = sum / n;
        }
      }
    }
    return out;
  }
}
