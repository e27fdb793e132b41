package io.github.idvkit.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.local.TestPhotos;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class FaceEngineTest {

  private static FaceEngine.AnalyzedFace onlyFace(TestPhotos photo) throws Exception {
    FaceEngine engine = SharedEngine.get();
    RgbImage image = engine.decode(new ByteArrayInputStream(photo.bytes()));
    List<FaceEngine.AnalyzedFace> faces = engine.detect(image);
    assertThat(faces).as(photo.fileName()).hasSize(1);
    return faces.get(0);
  }

  @ParameterizedTest
  @EnumSource(TestPhotos.class)
  void detect_publicDomainPortrait_findsExactlyOneConfidentFace(TestPhotos photo) throws Exception {
    FaceDetection face = onlyFace(photo).detection();

    assertThat(face.score()).isGreaterThan(0.8);
    assertThat(face.width()).isGreaterThan(80);
    // eyes above the nose, nose above the mouth, all inside the box
    assertThat(face.y(FaceDetection.LEFT_EYE)).isLessThan(face.y(FaceDetection.NOSE));
    assertThat(face.y(FaceDetection.NOSE)).isLessThan(face.y(FaceDetection.MOUTH));
    assertThat(face.x(FaceDetection.LEFT_EYE)).isLessThan(face.x(FaceDetection.RIGHT_EYE));
    for (int k = 0; k < 4; k++) {
      assertThat(face.x(k)).isBetween(face.left(), face.right());
      assertThat(face.y(k)).isBetween(face.top(), face.bottom());
    }
  }

  @ParameterizedTest
  @EnumSource(TestPhotos.class)
  void detect_publicDomainPortrait_measuresPlausibleQuality(TestPhotos photo) throws Exception {
    FaceQuality quality = onlyFace(photo).quality();

    assertThat(quality.brightness()).isBetween(0.3, 0.8);
    assertThat(quality.sharpness()).isGreaterThan(0.5);
    assertThat(Math.abs(quality.roll())).isLessThan(10);
    assertThat(Math.abs(quality.pitch())).isLessThan(20);
    assertThat(Math.abs(quality.yaw())).isLessThan(35);
  }

  @Test
  void embed_differentPortraits_areFartherApartThanTheGenuineThreshold() throws Exception {
    FaceEngine engine = SharedEngine.get();
    List<float[]> descriptors = new ArrayList<>();
    for (TestPhotos photo : TestPhotos.values()) {
      RgbImage image = engine.decode(new ByteArrayInputStream(photo.bytes()));
      descriptors.add(engine.embed(image, List.of(engine.detect(image).get(0).detection())).get(0));
    }

    for (int i = 0; i < descriptors.size(); i++) {
      for (int j = i + 1; j < descriptors.size(); j++) {
        assertThat(Descriptors.distance(descriptors.get(i), descriptors.get(j))).isGreaterThan(0.6);
      }
    }
  }

  @Test
  void detect_blackImage_findsNoFace() throws Exception {
    RgbImage black = RgbImage.of(320, 240, new byte[320 * 240 * 3]);

    assertThat(SharedEngine.get().detect(black)).isEmpty();
  }

  @Test
  void detect_concurrentCalls_giveTheSameFacesAsOneCall() throws Exception {
    FaceEngine engine = SharedEngine.get();
    RgbImage image = engine.decode(new ByteArrayInputStream(TestPhotos.GRACE_HOPPER.bytes()));
    FaceDetection expected = engine.detect(image).get(0).detection();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<FaceEngine.AnalyzedFace>>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        futures.add(pool.submit(() -> engine.detect(image)));
      }

      for (Future<List<FaceEngine.AnalyzedFace>> f : futures) {
        assertThat(f.get()).hasSize(1);
        assertThat(f.get().get(0).detection()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void analyze_sameImageAgain_reusesDecodingDetectionAndDescriptors() throws Exception {
    FaceEngine engine = SharedEngine.get();
    io.github.idvkit.FaceImage photo = TestPhotos.ASTRONAUT.image();

    Analysis first = engine.analyze(photo);
    Analysis again = engine.analyze(io.github.idvkit.FaceImage.fromBytes(TestPhotos.ASTRONAUT.bytes()));

    assertThat(again).isSameAs(first);
    assertThat(again.descriptor(0)).isSameAs(first.descriptor(0));
    assertThat(first.descriptors()).hasSize(1);
    assertThat(first.descriptors().get(0)).isSameAs(first.descriptor(0));
  }

  @Test
  void analyze_manyOtherImages_evictsTheOldest() throws Exception {
    FaceEngine engine = SharedEngine.get();
    Analysis first = engine.analyze(TestPhotos.MONA_LISA.image());
    for (int i = 0; i < FaceEngine.RECENT_ANALYSES; i++) {
      engine.analyze(io.github.idvkit.FaceImage.fromBytes(blackPng(64 + i)));
    }

    assertThat(engine.analyze(TestPhotos.MONA_LISA.image())).isNotSameAs(first);
  }

  private static byte[] blackPng(int side) throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(
        new java.awt.image.BufferedImage(side, side, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", out);
    return out.toByteArray();
  }

  @Test
  void close_calledTwice_isIdempotentAndLaterCallsFail() throws Exception {
    FaceEngine engine = FaceEngine.create(EngineSettings.defaults());
    RgbImage image = RgbImage.of(64, 64, new byte[64 * 64 * 3]);

    engine.close();
    engine.close();

    assertThat(engine.isClosed()).isTrue();
    assertThatThrownBy(() -> engine.detect(image))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void create_twoIntraOpThreads_detectsTheSameFace() throws Exception {
    try (FaceEngine engine = FaceEngine.create(new EngineSettings(2, 0.6, 1280, 64_000_000L))) {
      RgbImage image = engine.decode(new ByteArrayInputStream(TestPhotos.MONA_LISA.bytes()));

      assertThat(engine.detect(image)).hasSize(1);
    }
  }
}
