package io.github.idvkit.local.internal;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offline face engine: one BlazeFace session and one dlib descriptor session, created once and
 * shared by every port.
 *
 * <p>Thread-safe. Calls may run concurrently (ONNX Runtime sessions are safe to run from several
 * threads); {@link #close()} waits for calls in flight and then frees the native sessions, after
 * which every call throws {@link IllegalStateException}.
 */
public final class FaceEngine implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FaceEngine.class);

  /**
   * Identifies the shipped models; stored with every embedding so stale indexes are recognised. An
   * engine on another descriptor model has its own ({@link #modelVersion()}).
   */
  public static final String MODEL_VERSION =
      "blazeface-back256-1.2.0+dlib-resnet29-faceapi-1.7.15-"
          + ModelFile.DLIB_DESCRIPTOR.sha256().substring(0, 8);

  private final EngineSettings settings;
  private final ImageDecoder decoder;
  private final OrtSession detectorSession;
  private final OrtSession embedderSession;
  private final BlazeFaceDetector detector;
  private final OnnxFaceEmbedder embedder;
  private final DescriptorSpec descriptor;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final java.util.Map<String, java.util.concurrent.FutureTask<Analysis>> recent =
      new java.util.LinkedHashMap<>(8, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(
            java.util.Map.Entry<String, java.util.concurrent.FutureTask<Analysis>> eldest) {
          return size() > RECENT_ANALYSES;
        }
      };
  private volatile boolean closed;
  private final java.util.concurrent.atomic.AtomicLong analysesComputed =
      new java.util.concurrent.atomic.AtomicLong();

  /** How many recent image analyses are kept, so the ports of one flow share them. */
  static final int RECENT_ANALYSES = 4;

  private FaceEngine(
      EngineSettings settings,
      OrtSession detectorSession,
      OrtSession embedderSession,
      DescriptorSpec descriptor) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    this.settings = settings;
    this.decoder = new ImageDecoder(settings.maxLongSide(), settings.maxPixels());
    this.detectorSession = detectorSession;
    this.embedderSession = embedderSession;
    this.detector =
        new BlazeFaceDetector(env, detectorSession, settings.detectionThreshold(), 0.3);
    this.descriptor = descriptor;
    this.embedder = new OnnxFaceEmbedder(env, embedderSession, descriptor);
  }

  /**
   * Loads both models and creates their sessions.
   *
   * @param settings the engine settings
   * @return the engine
   * @throws IOException if a model resource cannot be read
   * @throws OrtException if ONNX Runtime cannot load a model
   */
  public static FaceEngine create(EngineSettings settings) throws IOException, OrtException {
    return create(settings, DescriptorSpec.dlib());
  }

  /**
   * Loads BlazeFace and the given descriptor model and creates their sessions.
   *
   * @param settings the engine settings
   * @param descriptor the descriptor model
   * @return the engine
   * @throws IOException if a model resource cannot be read
   * @throws OrtException if ONNX Runtime cannot load a model
   */
  public static FaceEngine create(EngineSettings settings, DescriptorSpec descriptor)
      throws IOException, OrtException {
    long start = System.nanoTime();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession detector = null;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(settings.intraOpThreads());
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      // BlazeFace's tf2onnx export carries unused initialisers; ONNX Runtime warns about each one.
      options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
      detector = env.createSession(ModelFile.BLAZEFACE_BACK.load(), options);
      OrtSession embedder = env.createSession(descriptor.onnx(), options);
      LOG.debug(
          "Face engine loaded [intraOpThreads={}, millis={}]",
          settings.intraOpThreads(),
          (System.nanoTime() - start) / 1_000_000);
      return new FaceEngine(settings, detector, embedder, descriptor);
    } catch (IOException | OrtException | RuntimeException e) {
      if (detector != null) {
        detector.close();
      }
      throw e;
    }
  }

  /**
   * Returns the descriptor model's spec.
   *
   * @return the spec
   */
  public DescriptorSpec descriptor() {
    return descriptor;
  }

  /**
   * Returns the model version stored with every embedding of this engine.
   *
   * @return the version
   */
  public String modelVersion() {
    return descriptor.modelVersion();
  }

  /**
   * Returns the settings.
   *
   * @return the settings
   */
  public EngineSettings settings() {
    return settings;
  }

  /**
   * Decodes and downscales an encoded image.
   *
   * @param encoded a JPEG or PNG; not closed
   * @return the decoded image
   * @throws io.github.idvkit.InvalidImageException if it cannot be decoded
   */
  public RgbImage decode(InputStream encoded) {
    return decoder.decode(encoded);
  }

  /**
   * Returns the analysis of an image: decoded and detected once, and reused while it is among the
   * last few images analysed (keyed by the image's SHA-256), so the ports of one flow (gate,
   * compare, search, index) do not decode and detect the same selfie again. Calls for one image
   * at the same time (a flow's concurrent steps) wait for a single analysis.
   *
   * @param image the image
   * @return the analysis
   * @throws io.github.idvkit.InvalidImageException if it cannot be decoded
   * @throws OrtException if ONNX Runtime fails
   */
  public Analysis analyze(io.github.idvkit.FaceImage image) throws OrtException {
    if (closed) {
      throw new IllegalStateException("The local face engine is closed");
    }
    String key = image.sha256();
    java.util.concurrent.FutureTask<Analysis> task;
    boolean mine = false;
    synchronized (recent) {
      task = recent.get(key);
      if (task == null) {
        task = new java.util.concurrent.FutureTask<>(() -> {
          RgbImage rgb = decode(image.asInputStream());
          Analysis analysis = new Analysis(this, rgb, FaceMapping.largestFirst(detect(rgb)));
          analysesComputed.incrementAndGet();
          return analysis;
        });
        recent.put(key, task);
        mine = true;
      }
    }
    if (mine) {
      task.run();
    }
    try {
      return task.get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (mine) {
        synchronized (recent) {
          recent.remove(key, task); // a failed analysis is not kept: the next call tries again
        }
      }
      Throwable cause = e.getCause();
      if (cause instanceof OrtException ort) {
        throw ort;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("Image analysis failed", cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for an image analysis", e);
    }
  }

  /**
   * Returns how many images {@link #analyze} has decoded and detected (not served from its recent
   * analyses) since the engine was created.
   *
   * @return the count
   */
  public long analysesComputed() {
    return analysesComputed.get();
  }

  /**
   * Finds faces and measures their quality.
   *
   * @param image the decoded image
   * @return faces, best score first
   * @throws OrtException if ONNX Runtime fails
   */
  public List<AnalyzedFace> detect(RgbImage image) throws OrtException {
    Lock read = acquire();
    try {
      List<FaceDetection> faces = detector.detect(image);
      List<AnalyzedFace> out = new ArrayList<>(faces.size());
      for (FaceDetection face : faces) {
        out.add(new AnalyzedFace(face, FaceQuality.measure(face, FaceAligner.chip(image, face))));
      }
      return out;
    } finally {
      read.unlock();
    }
  }

  /**
   * Returns the detector's score for a face in the image mirrored left to right ({@link
   * FacePlausibility#mirrorScore}): one more detector run, made at enrolment only.
   *
   * @param image the image the face was found in
   * @param face the face
   * @return the score, 0 if the face is not found mirrored
   * @throws OrtException if ONNX Runtime fails
   */
  public double mirrorScore(RgbImage image, FaceDetection face) throws OrtException {
    RgbImage mirrored = image.mirrored();
    List<FaceDetection> found;
    Lock read = acquire();
    try {
      found = detector.detect(mirrored);
    } finally {
      read.unlock();
    }
    return FacePlausibility.mirrorScore(face, found, image.width());
  }

  /**
   * Computes the descriptor of each given face, in one batch.
   *
   * @param image the image the faces were found in
   * @param faces the faces
   * @return one 128-d descriptor per face, in order
   * @throws OrtException if ONNX Runtime fails
   */
  public List<float[]> embed(RgbImage image, List<FaceDetection> faces) throws OrtException {
    List<float[]> chips = new ArrayList<>(faces.size());
    for (FaceDetection face : faces) {
      chips.add(FaceAligner.chip(image, face, descriptor.template(), descriptor.inputSize()));
    }
    if (!descriptor.mirrorAverage().equals(DescriptorSpec.MIRROR_ALL)) {
      return embedChips(chips);
    }
    List<float[]> mirrored = new ArrayList<>(chips.size());
    for (float[] chip : chips) {
      mirrored.add(Descriptors.mirror(chip, descriptor.inputSize()));
    }
    List<float[]> a = embedChips(chips);
    List<float[]> b = embedChips(mirrored);
    List<float[]> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      out.add(average(a.get(i), b.get(i)));
    }
    return out;
  }

  /**
   * Returns the descriptor an enrolled face is stored with: with {@link
   * DescriptorSpec#MIRROR_ENROLMENT}, the average of the face's descriptor and its mirror image's
   * (one more embedding, at enrolment only); otherwise the descriptor itself.
   *
   * <p>Measured on the calibration set (module README, "Alignment"): same-person pairs come closer
   * (at the match distance 242 of 255 accepted before, 246 after) and the closest strangers do not
   * (0.499 before and after).
   *
   * @param image the image the face was found in
   * @param face the face
   * @param single its descriptor, as {@link #embed} returned it
   * @return the enrolment descriptor
   * @throws OrtException if ONNX Runtime fails
   */
  public float[] enrolmentDescriptor(RgbImage image, FaceDetection face, float[] single)
      throws OrtException {
    if (!descriptor.mirrorAverage().equals(DescriptorSpec.MIRROR_ENROLMENT)) {
      return single;
    }
    float[] chip = FaceAligner.chip(image, face, descriptor.template(), descriptor.inputSize());
    float[] mirrored = embedChips(List.of(Descriptors.mirror(chip, descriptor.inputSize()))).get(0);
    return average(single, mirrored);
  }

  /** Averages two descriptors; a cosine model's average is L2-normalised again. */
  private float[] average(float[] a, float[] b) {
    float[] out = new float[a.length];
    double norm = 0;
    for (int i = 0; i < out.length; i++) {
      out[i] = (a[i] + b[i]) / 2;
      norm += (double) out[i] * out[i];
    }
    if (descriptor.normalize() && norm > 0) {
      double n = Math.sqrt(norm);
      for (int i = 0; i < out.length; i++) {
        out[i] = (float) (out[i] / n);
      }
    }
    return out;
  }

  /**
   * Computes descriptors of aligned chips.
   *
   * @param chips interleaved RGB floats 0..255, of the descriptor model's size
   * @return descriptors, in order
   * @throws OrtException if ONNX Runtime fails
   */
  public List<float[]> embedChips(List<float[]> chips) throws OrtException {
    Lock read = acquire();
    try {
      return embedder.embed(chips);
    } finally {
      read.unlock();
    }
  }

  private Lock acquire() {
    Lock read = lock.readLock();
    read.lock();
    if (closed) {
      read.unlock();
      throw new IllegalStateException("The local face engine is closed");
    }
    return read;
  }

  /**
   * Tells whether {@link #close()} was called.
   *
   * @return {@code true} once closed
   */
  public boolean isClosed() {
    return closed;
  }

  /** Frees the native sessions once calls in flight have finished. Idempotent. */
  @Override
  public void close() {
    Lock write = lock.writeLock();
    write.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      synchronized (recent) {
        recent.clear();
      }
      closeQuietly(detectorSession);
      closeQuietly(embedderSession);
    } finally {
      write.unlock();
    }
  }

  private static void closeQuietly(OrtSession session) {
    try {
      session.close();
    } catch (OrtException e) {
      LOG.warn("Closing an ONNX Runtime session failed [error={}]", e.getMessage());
    }
  }

  /**
   * A detected face with its measurements.
   *
   * @param detection where the face is, with keypoints
   * @param quality what was measured
   */
  public record AnalyzedFace(FaceDetection detection, FaceQuality quality) {}
}
