package io.github.idvkit.local;

import ai.onnxruntime.OrtException;
import io.github.idvkit.DetectedFace;
import io.github.idvkit.FaceImage;
import io.github.idvkit.local.internal.FaceEngine;
import io.github.idvkit.local.internal.FaceMapping;
import io.github.idvkit.local.internal.FacePlausibility;
import io.github.idvkit.local.internal.LocalFailures;
import io.github.idvkit.local.internal.Analysis;
import io.github.idvkit.spi.DetectionResult;
import io.github.idvkit.spi.FaceDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link FaceDetector} on the offline engine: MediaPipe BlazeFace finds the faces, and each face
 * is measured from its keypoints and aligned crop.
 *
 * <pre>{@code
 * try (LocalFaceDetector detector = LocalFaceDetector.builder().engine(engine).build()) {
 *   DetectionResult result = detector.detect(FaceImage.fromPath(photo));
 * }
 * }</pre>
 *
 * <p>Reported per face: box, confidence (BlazeFace's score), size in pixels, brightness and
 * sharpness of the face region, and a pose estimated from the keypoints (yaw and pitch are rough).
 * Eyes open, sunglasses and occlusion cannot be measured by these models and are left absent.
 *
 * <p>Thread-safe. Closes its engine only if it created it.
 */
public final class LocalFaceDetector implements FaceDetector, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalFaceDetector.class);

  private final LocalFaceEngine engine;
  private final boolean ownsEngine;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalFaceDetector(LocalFaceEngine engine, boolean ownsEngine) {
    this.engine = engine;
    this.ownsEngine = ownsEngine;
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Detects faces.
   *
   * @param image a JPEG or PNG, ideally normalised
   * @return the faces, largest first, with the model version
   * @throws io.github.idvkit.InvalidImageException if the image cannot be decoded
   * @throws io.github.idvkit.ProviderException if the engine fails
   * @throws IllegalStateException if the engine is closed
   */
  @Override
  public DetectionResult detect(FaceImage image) {
    Objects.requireNonNull(image, "image");
    Analysis analysis;
    try {
      analysis = engine.engine().analyze(image);
    } catch (OrtException ex) {
      throw LocalFailures.failed("DetectFaces", ex);
    }
    List<DetectedFace> detected = new ArrayList<>(analysis.faces().size());
    for (int i = 0; i < analysis.faces().size(); i++) {
      FaceEngine.AnalyzedFace face = analysis.faces().get(i);
      boolean plausible;
      try {
        // The largest face is the one a flow judges: check its descriptor too. The flow needs that
        // descriptor anyway (search, compare, index share the analysis), so it costs no extra run.
        plausible =
            i == 0
                ? FacePlausibility.plausible(
                    face,
                    analysis.descriptor(0),
                    engine.engine().descriptor().nonFacePrototype())
                : FacePlausibility.plausibleWithoutDescriptor(face);
      } catch (OrtException ex) {
        throw LocalFailures.failed("DetectFaces", ex);
      }
      detected.add(
          FaceMapping.detectedFace(
              analysis.image(), face, FacePlausibility.confidence(face.detection(), plausible)));
    }
    LOG.debug("Detected faces [provider=local, faces={}]", detected.size());
    return DetectionResult.builder().faces(detected).modelVersion(engine.modelVersion()).build();
  }

  /** Closes the engine if this detector created it. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && ownsEngine) {
      engine.close();
    }
  }

  /** Builds a {@link LocalFaceDetector}. Not thread-safe. */
  public static final class Builder {
    private @Nullable LocalFaceEngine engine;

    private Builder() {}

    /**
     * Uses this engine; the detector will not close it. Without one, the detector creates an
     * engine with default settings and closes it on {@link #close()}.
     *
     * @param engine the engine
     * @return this builder
     */
    public Builder engine(LocalFaceEngine engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
      return this;
    }

    /**
     * Builds the detector.
     *
     * @return the detector
     * @throws io.github.idvkit.ConfigurationException if it must create an engine and cannot
     */
    public LocalFaceDetector build() {
      return engine != null
          ? new LocalFaceDetector(engine, false)
          : new LocalFaceDetector(LocalFaceEngine.create(), true);
    }
  }
}
