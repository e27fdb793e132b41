package io.github.idvkit.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.DetectedFace;
import io.github.idvkit.FaceImage;
import io.github.idvkit.InvalidImageException;
import io.github.idvkit.spi.DetectionResult;
import io.github.idvkit.spi.FaceDetector;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract of {@link FaceDetector}: every provider's detector passes this suite.
 *
 * <pre>{@code
 * class FakeFaceDetectorTest extends FaceDetectorContract {
 *   @Override protected FaceDetector newSubject() { return FakeFaceDetector.create(); }
 *   @Override protected ContractFaces faces() { return ContractFaces.synthetic(); }
 * }
 * }</pre>
 */
public abstract class FaceDetectorContract {

  @RegisterExtension final ImageLeakCheck imageLeakCheck = new ImageLeakCheck(() -> faces().all());

  private FaceDetector detector;
  private ContractFaces faces;

  /** Creates the suite. */
  protected FaceDetectorContract() {}

  /**
   * Returns a new detector to test; called before every test.
   *
   * @return the detector
   */
  protected abstract FaceDetector newSubject();

  /**
   * Returns the images to test with.
   *
   * @return the images
   */
  protected abstract ContractFaces faces();

  /** Releases what {@link #newSubject()} made; called after every test. Does nothing by default. */
  protected void cleanUp() {}

  @BeforeEach
  final void createSubject() {
    detector = newSubject();
    faces = faces();
  }

  @AfterEach
  final void releaseSubject() {
    cleanUp();
  }

  // "An image without a face yields a result with no faces, never an exception."
  @Test
  void detect_imageWithoutFace_returnsNoFaces() {
    DetectionResult result = detector.detect(faces.noFace());

    assertThat(result.faces()).isEmpty();
  }

  // @return "the faces found"
  @Test
  void detect_onePerson_returnsOneFaceInsideTheImage() {
    DetectionResult result = detector.detect(faces.personA());

    assertThat(result.faces()).hasSize(1);
    DetectedFace face = result.faces().get(0);
    assertThat(face.box().left()).isBetween(-0.1, 1.0);
    assertThat(face.box().top()).isBetween(-0.1, 1.0);
    assertThat(face.confidence().orElseThrow()).isGreaterThan(0.5);
  }

  // "Faces are ordered largest first (by box area)."
  @Test
  void detect_twoPeople_returnsBothLargestFirst() {
    DetectionResult result = detector.detect(faces.twoPeople());

    assertThat(result.faces()).hasSize(2);
    assertThat(result.faces().get(0).box().area())
        .isGreaterThan(result.faces().get(1).box().area());
  }

  // DetectedFace.sizePixels: "the shorter side of its box in the analysed image".
  @Test
  void detect_onePerson_reportsSizeAsShorterSideOfBoxInPixels() {
    FaceImage image = faces.personA();

    DetectedFace face = detector.detect(image).faces().get(0);

    double expected =
        Math.min(face.box().width() * image.width(), face.box().height() * image.height());
    assertThat((double) face.sizePixels()).isCloseTo(expected, org.assertj.core.data.Offset.offset(
        Math.max(2, expected * 0.03)));
  }

  // "A fact the provider cannot measure is left absent, never guessed": what is reported of a
  // clear, frontal face must be true of it.
  @Test
  void detect_clearFrontalFace_reportsOnlyFactsTrueOfIt() {
    DetectedFace face = detector.detect(faces.personA()).faces().get(0);

    face.eyesOpen().filter(a -> a.confidence().orElse(0) >= 0.5).ifPresent(a -> assertThat(a.value())
        .as("eyes open").isTrue());
    face.sunglasses().filter(a -> a.confidence().orElse(0) >= 0.5).ifPresent(a -> assertThat(a.value())
        .as("sunglasses").isFalse());
    face.occluded().filter(a -> a.confidence().orElse(0) >= 0.5).ifPresent(a -> assertThat(a.value())
        .as("occluded").isFalse());
    face.pose().ifPresent(pose -> {
      assertThat(Math.abs(pose.yaw())).as("yaw").isLessThan(30);
      assertThat(Math.abs(pose.pitch())).as("pitch").isLessThan(30);
      assertThat(Math.abs(pose.roll())).as("roll").isLessThan(30);
    });
    face.brightness().ifPresent(b -> assertThat(b).as("brightness").isBetween(0.1, 0.95));
  }

  // "calls have no side effects and may be repeated"
  @Test
  void detect_repeated_returnsSameFaces() {
    DetectionResult first = detector.detect(faces.twoPeople());

    DetectionResult second = detector.detect(faces.twoPeople());

    assertThat(second.faces()).isEqualTo(first.faces());
  }

  // "Thread-safe"
  @Test
  void detect_concurrently_returnsWhatEachCallReturnsAlone() {
    List<FaceImage> images = List.of(faces.personA(), faces.personB(), faces.twoPeople(), faces.noFace());
    List<List<DetectedFace>> alone = images.stream().map(i -> detector.detect(i).faces()).toList();

    List<List<DetectedFace>> together =
        Concurrently.run(4 * images.size(), n -> detector.detect(images.get(n % images.size())).faces());

    for (int n = 0; n < together.size(); n++) {
      assertThat(together.get(n)).isEqualTo(alone.get(n % images.size()));
    }
  }

  // "An image the provider cannot read throws InvalidImageException."
  @Test
  void detect_unreadableImage_throwsInvalidImageException() {
    assertThatThrownBy(() -> detector.detect(ContractFaces.unreadable()))
        .isInstanceOf(InvalidImageException.class);
  }
}
