package io.github.idvkit.testkit;

import io.github.idvkit.FaceImage;
import io.github.idvkit.spi.DetectionResult;
import io.github.idvkit.spi.FaceDetector;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link FaceDetector} that reports the faces a {@link TestFaces} image declares, with the facts
 * a provider would measure: a {@link TestSubject#dark()} face has a low brightness, a {@link
 * TestSubject#blurred()} one a low sharpness, sunglasses, closed eyes, occlusion and pose are
 * reported as drawn, and the size is the face's box in the image's pixels. An image without a
 * declaration has no face. Every fact is measured, with confidence 0.99 for yes/no attributes.
 *
 * <pre>{@code
 * FakeFaceDetector detector = FakeFaceDetector.create();
 * DetectionResult result = detector.detect(TestFaces.subject("alice").dark().image(1));
 * // result.faces().get(0).brightness() is 0.08
 * }</pre>
 *
 * <p>Thread-safe. Operation for {@link Faults}: {@code "detect"}.
 */
public final class FakeFaceDetector implements FaceDetector, ScriptableFake {

  /** The model version the fakes report. */
  public static final String MODEL_VERSION = "fake-1";

  /** The provider name the fakes report and put into their {@link io.github.idvkit.ProviderException}s. */
  public static final String PROVIDER = "in-memory";

  private static final Logger LOG = LoggerFactory.getLogger(FakeFaceDetector.class);

  private final PortScript script = new PortScript(PROVIDER, "FakeFaceDetector", Set.of("detect"));

  private FakeFaceDetector() {}

  /**
   * Returns a new detector.
   *
   * @return the detector
   */
  public static FakeFaceDetector create() {
    return new FakeFaceDetector();
  }

  /**
   * {@inheritDoc}
   *
   * @throws io.github.idvkit.InvalidImageException if the image cannot be decoded
   */
  @Override
  public DetectionResult detect(FaceImage image) {
    Objects.requireNonNull(image, "image");
    return script.compute(
        "detect",
        List.of(image),
        () -> {
          List<SeenFace> faces = SeenFace.in(image);
          LOG.debug("Detected faces [count={}]", faces.size());
          return DetectionResult.builder()
              .faces(faces.stream().map(SeenFace::detected).toList())
              .modelVersion(MODEL_VERSION)
              .build();
        });
  }

  @Override
  public Faults faults() {
    return script.faults();
  }

  @Override
  public List<Call> calls() {
    return script.calls();
  }

  @Override
  public Call takeCall() {
    return script.takeCall();
  }

  @Override
  public String toString() {
    return "FakeFaceDetector[model=" + MODEL_VERSION + "]";
  }
}
