package io.github.idvkit.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FaceAlignerTest {

  @Test
  void similarity_knownRotationScaleAndShift_isRecovered() {
    double angle = Math.toRadians(20);
    double scale = 1.7;
    double[] src = {0, 0, 10, 0, 5, 8, 5, 15};
    double[] dst = new double[src.length];
    for (int i = 0; i < 4; i++) {
      double x = src[2 * i];
      double y = src[2 * i + 1];
      dst[2 * i] = scale * (Math.cos(angle) * x - Math.sin(angle) * y) + 30;
      dst[2 * i + 1] = scale * (Math.sin(angle) * x + Math.cos(angle) * y) - 4;
    }

    AffineWarp map = FaceAligner.similarity(src, dst);

    assertThat(map.a()).isCloseTo(scale * Math.cos(angle), within(1e-9));
    assertThat(map.c()).isCloseTo(scale * Math.sin(angle), within(1e-9));
    assertThat(map.b()).isCloseTo(-map.c(), within(1e-9));
    assertThat(map.d()).isCloseTo(map.a(), within(1e-9));
    assertThat(map.tx()).isCloseTo(30, within(1e-9));
    assertThat(map.ty()).isCloseTo(-4, within(1e-9));
    assertThat(map.scale()).isCloseTo(scale, within(1e-9));
  }

  @Test
  void chipToImage_faceOnTheTemplate_isTheIdentity() {
    // keypoints exactly where the template puts them (continuous coordinates = centre + 0.5)
    double[] k = {48.56, 44.5, 102.21, 44.2, 75.56, 75.01, 75.73, 106.29, 20, 60, 130, 60};
    FaceDetection face = new FaceDetection(0.9, 20, 20, 130, 130, k);

    AffineWarp map = FaceAligner.chipToImage(face);

    assertThat(map.a()).isCloseTo(1, within(1e-9));
    assertThat(map.c()).isCloseTo(0, within(1e-9));
    assertThat(map.tx()).isCloseTo(0, within(1e-9));
    assertThat(map.ty()).isCloseTo(0, within(1e-9));
  }

  @Test
  void apply_identityMap_copiesPixels() {
    byte[] px = new byte[4 * 4 * 3];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) (i * 5);
    }
    RgbImage image = RgbImage.of(4, 4, px);

    float[] out = new AffineWarp(1, 0, 0, 1, 0, 0).apply(image, 4, 4);

    for (int i = 0; i < px.length; i++) {
      assertThat(out[i]).isEqualTo(px[i] & 0xff);
    }
  }

  @Test
  void apply_pointsOutsideTheImage_areBlack() {
    byte[] px = new byte[2 * 2 * 3];
    java.util.Arrays.fill(px, (byte) 200);

    float[] out = new AffineWarp(1, 0, 0, 1, 10, 10).apply(RgbImage.of(2, 2, px), 2, 2);

    assertThat(out).containsOnly(0f);
  }

  @Test
  void scaling_halfSize_averagesPixelPairs() {
    byte[] px = new byte[4 * 2 * 3];
    for (int row = 0; row < 2; row++) {
      px[row * 12] = 0;
      px[row * 12 + 3] = (byte) 100;
      px[row * 12 + 6] = (byte) 200;
      px[row * 12 + 9] = (byte) 200;
    }

    float[] out = AffineWarp.scaling(2).apply(RgbImage.of(4, 2, px), 2, 1);

    assertThat(out[0]).isCloseTo(50f, within(1e-3f));
    assertThat(out[3]).isCloseTo(200f, within(1e-3f));
  }
}
