package io.github.idvkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.DetectedFace;
import io.github.idvkit.spi.DetectionResult;
import io.github.idvkit.spi.FaceDetector;
import io.github.idvkit.testkit.contract.ContractFaces;
import io.github.idvkit.testkit.contract.FaceDetectorContract;
import org.junit.jupiter.api.Test;

class FakeFaceDetectorTest extends FaceDetectorContract {

  private final TestSubject alice = TestFaces.subject("alice");
  private final FakeFaceDetector detector = FakeFaceDetector.create();

  @Override
  protected FaceDetector newSubject() {
    return FakeFaceDetector.create();
  }

  @Override
  protected ContractFaces faces() {
    return ContractFaces.synthetic();
  }

  private DetectedFace only(TestSubject subject) {
    DetectionResult result = detector.detect(subject.image(1));
    assertThat(result.faces()).hasSize(1);
    return result.faces().get(0);
  }

  @Test
  void detect_plainFace_reportsEveryFactAsGood() {
    DetectedFace face = only(alice);

    assertThat(face.confidence().orElseThrow()).isGreaterThanOrEqualTo(0.99);
    assertThat(face.brightness().orElseThrow()).isBetween(0.3, 0.9);
    assertThat(face.sharpness().orElseThrow()).isGreaterThan(0.5);
    assertThat(face.eyesOpen().orElseThrow().value()).isTrue();
    assertThat(face.sunglasses().orElseThrow().value()).isFalse();
    assertThat(face.occluded().orElseThrow().value()).isFalse();
    assertThat(face.pose().orElseThrow().yaw()).isZero();
    assertThat(face.sizePixels()).isGreaterThanOrEqualTo(120);
  }

  @Test
  void detect_darkFace_reportsLowBrightness() {
    assertThat(only(alice.dark()).brightness().orElseThrow()).isLessThan(0.1);
  }

  @Test
  void detect_overexposedFace_reportsHighBrightness() {
    assertThat(only(alice.overexposed()).brightness().orElseThrow()).isGreaterThan(0.97);
  }

  @Test
  void detect_blurredFace_reportsLowSharpness() {
    assertThat(only(alice.blurred()).sharpness().orElseThrow()).isLessThan(0.1);
  }

  @Test
  void detect_sunglasses_reportsSunglasses() {
    assertThat(only(alice.withSunglasses()).sunglasses().orElseThrow().value()).isTrue();
  }

  @Test
  void detect_eyesClosed_reportsEyesNotOpen() {
    assertThat(only(alice.eyesClosed()).eyesOpen().orElseThrow().value()).isFalse();
  }

  @Test
  void detect_occludedFace_reportsOcclusion() {
    assertThat(only(alice.occluded()).occluded().orElseThrow().value()).isTrue();
  }

  @Test
  void detect_turnedFace_reportsYaw() {
    assertThat(only(alice.turned()).pose().orElseThrow().yaw()).isEqualTo(TestSubject.TURNED_YAW);
    assertThat(only(alice.pose(-10, 20, 35)).pose().orElseThrow().roll()).isEqualTo(35);
  }

  @Test
  void detect_smallFace_reportsSizeBelowEveryPresetGate() {
    assertThat(only(alice.small()).sizePixels()).isLessThan(40);
  }

  @Test
  void detect_groupOfThree_reportsThreeFaces() {
    DetectionResult result = detector.detect(TestFaces.group("alice", "bob", "carol"));

    assertThat(result.faces()).hasSize(3);
    assertThat(result.modelVersion()).contains(FakeFaceDetector.MODEL_VERSION);
  }

  @Test
  void detect_realPhotoWithoutPayload_returnsNoFaces() {
    DetectionResult result = detector.detect(ContractFaces.sideBySide(TestFaces.noFace(), TestFaces.noFace()));

    assertThat(result.faces()).isEmpty();
  }
}
