package io.github.idvkit.local;

import ai.onnxruntime.OrtException;
import io.github.idvkit.ConfigurationException;
import io.github.idvkit.local.internal.EngineSettings;
import io.github.idvkit.local.internal.FaceEngine;
import io.github.idvkit.local.internal.OrtTempFiles;
import io.github.idvkit.local.internal.LocalFailures;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import java.util.Objects;

/**
 * The offline face engine the local ports share: MediaPipe BlazeFace for detection and the dlib
 * ResNet face descriptor for 128-d embeddings, both run on the CPU by ONNX Runtime from model files
 * inside this jar. Loading takes about half a second; build one engine per application and hand it
 * to every port.
 *
 * <pre>{@code
 * try (LocalFaceEngine engine = LocalFaceEngine.builder().intraOpThreads(1).build();
 *     LocalFaceDetector detector = LocalFaceDetector.builder().engine(engine).build()) {
 *   DetectionResult faces = detector.detect(FaceImage.fromPath(photo));
 * }
 * }</pre>
 *
 * <p>Thread-safe: concurrent calls share the two ONNX Runtime sessions. {@link #close()} waits for
 * calls in flight, then frees the native sessions; later calls throw {@link IllegalStateException}.
 *
 * <p>The dlib descriptor dates from 2017: the engine suits development, tests, demos and low-risk
 * use, not high-assurance identity checks (see the module README for its calibration).
 */
public final class LocalFaceEngine implements AutoCloseable {

  private final FaceEngine engine;
  private final DescriptorModel descriptorModel;

  private LocalFaceEngine(FaceEngine engine, DescriptorModel descriptorModel) {
    this.engine = engine;
    this.descriptorModel = descriptorModel;
  }

  /**
   * Returns the descriptor model this engine runs.
   *
   * @return the model
   */
  public DescriptorModel descriptorModel() {
    return descriptorModel;
  }

  /**
   * Returns an engine with the default settings.
   *
   * @return the engine
   * @throws ConfigurationException if the model files are missing or damaged, or ONNX Runtime
   *     cannot load on this platform
   */
  public static LocalFaceEngine create() {
    return builder().build();
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
   * Returns the version of the models, stored with every indexed face so that an index made by
   * other models is recognised.
   *
   * @return the model version
   */
  public String modelVersion() {
    return engine.modelVersion();
  }

  /**
   * Returns how many ONNX Runtime threads each call uses.
   *
   * @return the intra-op thread count
   */
  public int intraOpThreads() {
    return engine.settings().intraOpThreads();
  }

  FaceEngine engine() {
    return engine;
  }

  /** Frees the native sessions once calls in flight have finished. Idempotent. */
  @Override
  public void close() {
    engine.close();
  }

  @Override
  public String toString() {
    return "LocalFaceEngine[modelVersion=" + modelVersion() + ", intraOpThreads=" + intraOpThreads()
        + ", closed=" + engine.isClosed() + "]";
  }

  /** Builds a {@link LocalFaceEngine}. Not thread-safe. */
  public static final class Builder {
    private int intraOpThreads = EngineSettings.DEFAULT_INTRA_OP_THREADS;
    private double detectionThreshold = EngineSettings.DEFAULT_DETECTION_THRESHOLD;
    private int maxLongSide = EngineSettings.DEFAULT_MAX_LONG_SIDE;
    private @Nullable DescriptorModel descriptorModel;

    private Builder() {}

    /**
     * Runs this descriptor model instead of the shipped dlib one ({@link DescriptorModel#dlib()}).
     *
     * @param model the model
     * @return this builder
     */
    public Builder descriptorModel(DescriptorModel model) {
      this.descriptorModel = Objects.requireNonNull(model, "model");
      return this;
    }

    /**
     * Sets how many threads ONNX Runtime uses per call; 1 by default. One thread was fastest and
     * steadiest on a 2-vCPU machine; run several calls concurrently instead of raising this.
     *
     * @param intraOpThreads at least 1
     * @return this builder
     */
    public Builder intraOpThreads(int intraOpThreads) {
      if (intraOpThreads < 1) {
        throw new IllegalArgumentException("intraOpThreads must be at least 1, got " + intraOpThreads);
      }
      this.intraOpThreads = intraOpThreads;
      return this;
    }

    /**
     * Sets the lowest BlazeFace score reported as a face; 0.6 by default (24 of 25 faces found, no
     * false ones, on the test photos). The quality gate's confidence check comes on top.
     *
     * @param detectionThreshold in (0, 1)
     * @return this builder
     */
    public Builder detectionThreshold(double detectionThreshold) {
      if (!(detectionThreshold > 0 && detectionThreshold < 1)) {
        throw new IllegalArgumentException(
            "detectionThreshold must be in (0, 1), got " + detectionThreshold);
      }
      this.detectionThreshold = detectionThreshold;
      return this;
    }

    /**
     * Sets the long side images are downscaled to right after decoding; 1280 by default, enough
     * for full-resolution face chips of faces down to about a tenth of the image.
     *
     * @param maxLongSide at least 256 pixels
     * @return this builder
     */
    public Builder maxLongSide(int maxLongSide) {
      if (maxLongSide < 256) {
        throw new IllegalArgumentException("maxLongSide must be at least 256, got " + maxLongSide);
      }
      this.maxLongSide = maxLongSide;
      return this;
    }

    /**
     * Loads the models and creates the ONNX Runtime sessions.
     *
     * @return the engine
     * @throws ConfigurationException if the model files are missing or damaged, or ONNX Runtime
     *     cannot load on this platform
     */
    public LocalFaceEngine build() {
      EngineSettings settings =
          new EngineSettings(
              intraOpThreads, detectionThreshold, maxLongSide, EngineSettings.DEFAULT_MAX_PIXELS);
      OrtTempFiles.beforeLoad();
      try {
        DescriptorModel model = descriptorModel != null ? descriptorModel : DescriptorModel.dlib();
        LocalFaceEngine engine = new LocalFaceEngine(FaceEngine.create(settings, model.spec()), model);
        OrtTempFiles.tidy(); // no onnxruntime-java*/ or mat-debug-<pid>.log left in /tmp
        return engine;
      } catch (IOException | OrtException | IllegalStateException | UnsatisfiedLinkError e) {
        throw LocalFailures.misconfigured(
            "The local face engine could not load its models (" + e.getMessage()
                + "); check that the idv-local jar is intact and that ONNX Runtime supports this"
                + " platform (linux-x64, linux-aarch64, osx-aarch64, win-x64)",
            e);
      }
    }
  }
}
