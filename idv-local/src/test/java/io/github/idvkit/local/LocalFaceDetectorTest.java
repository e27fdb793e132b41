package io.github.idvkit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.DetectedFace;
import io.github.idvkit.FaceImage;
import io.github.idvkit.InvalidImageException;
import io.github.idvkit.spi.DetectionResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LocalFaceDetectorTest {

  private final LocalFaceDetector detector =
      LocalFaceDetector.builder().engine(SharedLocalEngine.get()).build();

  @ParameterizedTest
  @EnumSource(TestPhotos.class)
  void detect_portrait_reportsOneMeasuredFaceAndLeavesTheUnmeasurableAbsent(TestPhotos photo) {
    DetectionResult result = detector.detect(photo.image());

    assertThat(result.faces()).hasSize(1);
    DetectedFace face = result.faces().get(0);
    assertThat(face.confidence().orElseThrow()).isGreaterThan(0.8);
    assertThat(face.sizePixels()).isGreaterThan(90);
    assertThat(face.box().left()).isBetween(0.2, 0.5);
    assertThat(face.brightness()).isPresent();
    assertThat(face.sharpness()).isPresent();
    assertThat(face.pose()).isPresent();
    assertThat(face.eyesOpen()).isEmpty();
    assertThat(face.sunglasses()).isEmpty();
    assertThat(face.occluded()).isEmpty();
    assertThat(result.modelVersion()).contains(SharedLocalEngine.get().modelVersion());
  }

  @Test
  void detect_noFace_returnsEmpty() {
    assertThat(detector.detect(RealFaces.noFace()).faces()).isEmpty();
  }

  @Test
  void detect_twoPortraitsSideBySide_returnsBothLargestFirst() {
    FaceImage two =
        RealFaces.sideBySide(TestPhotos.GRACE_HOPPER.image(), TestPhotos.ASTRONAUT.image(), 0.7);

    DetectionResult result = detector.detect(two);

    assertThat(result.faces()).hasSize(2);
    assertThat(result.faces().get(0).box().area()).isGreaterThan(result.faces().get(1).box().area());
    assertThat(result.faces().get(0).box().left()).isLessThan(result.faces().get(1).box().left());
  }

  @Test
  void detect_downscaledImage_reportsSizeInTheImagesOwnPixels() {
    FaceImage big = RealFaces.scaled(TestPhotos.MONA_LISA.image(), 3); // 1500x2268, decoded at 1280
    int small = detector.detect(TestPhotos.MONA_LISA.image()).faces().get(0).sizePixels();

    DetectionResult result = detector.detect(big);

    assertThat(result.faces().get(0).sizePixels()).isBetween(small * 3 - 30, small * 3 + 30);
  }

  @Test
  void detect_unreadableImage_throwsInvalidImageException() {
    FaceImage broken = RealFaces.unreadable();

    assertThatThrownBy(() -> detector.detect(broken)).isInstanceOf(InvalidImageException.class);
  }

  @Test
  void close_withProvidedEngine_doesNotCloseEngine() {
    LocalFaceEngine engine = SharedLocalEngine.get();
    LocalFaceDetector own = LocalFaceDetector.builder().engine(engine).build();

    own.close();
    own.close();

    assertThat(own.detect(TestPhotos.ASTRONAUT.image()).faces()).hasSize(1);
  }

  @Test
  void close_withOwnEngine_closesIt() {
    LocalFaceDetector own = LocalFaceDetector.builder().build();

    own.close();

    assertThatThrownBy(() -> own.detect(TestPhotos.ASTRONAUT.image()))
        .isInstanceOf(IllegalStateException.class);
  }
}
