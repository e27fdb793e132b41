package io.github.idvkit.local.internal;

/**
 * Settings of the {@link FaceEngine}.
 *
 * @param intraOpThreads ONNX Runtime threads per session and call; 1 is fastest on small machines
 * @param detectionThreshold minimum BlazeFace score of a face, 0..1
 * @param maxLongSide images are downscaled to this long side right after decoding
 * @param maxPixels the largest declared pixel count decoded
 */
public record EngineSettings(
    int intraOpThreads, double detectionThreshold, int maxLongSide, long maxPixels) {

  /** Default intra-op threads: one, measured fastest and steadiest on 2 vCPUs. */
  public static final int DEFAULT_INTRA_OP_THREADS = 1;

  /** Default detection threshold: 0.6 found 24 of 25 faces with no false ones on the test photos. */
  public static final double DEFAULT_DETECTION_THRESHOLD = 0.6;

  /** Default working size: faces in a 1280-pixel image still give full 150-pixel chips. */
  public static final int DEFAULT_MAX_LONG_SIDE = 1280;

  /** Default pixel limit, as core's {@code FaceImage.MAX_INPUT_PIXELS}. */
  public static final long DEFAULT_MAX_PIXELS = 64_000_000L;

  /** Checks the ranges. */
  public EngineSettings {
    if (intraOpThreads < 1) {
      throw new IllegalArgumentException("intraOpThreads must be at least 1, got " + intraOpThreads);
    }
    if (!(detectionThreshold > 0 && detectionThreshold < 1)) {
      throw new IllegalArgumentException(
          "detectionThreshold must be in (0, 1), got " + detectionThreshold);
    }
    if (maxLongSide < 256) {
      throw new IllegalArgumentException("maxLongSide must be at least 256, got " + maxLongSide);
    }
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
    }
  }

  /**
   * Returns the defaults.
   *
   * @return the settings
   */
  public static EngineSettings defaults() {
    return new EngineSettings(
        DEFAULT_INTRA_OP_THREADS,
        DEFAULT_DETECTION_THRESHOLD,
        DEFAULT_MAX_LONG_SIDE,
        DEFAULT_MAX_PIXELS);
  }
}
