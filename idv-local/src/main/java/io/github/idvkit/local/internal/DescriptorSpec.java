package io.github.idvkit.local.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * What the engine needs to know to run a face descriptor model: its ONNX bytes (checked against
 * the SHA-256 its description names), input tensor layout and normalisation, alignment template,
 * embedding size and metric. Read from a description in properties form; {@link #dlib()} is the
 * shipped model's.
 *
 * @param name the model's name
 * @param onnx the model bytes
 * @param sha256 their digest, lower-case hex
 * @param inputName the input tensor's name
 * @param outputName the output tensor's name
 * @param inputSize the side of the square chip, pixels
 * @param channelsFirst NCHW if {@code true}, NHWC otherwise
 * @param bgr channel order BGR if {@code true}, RGB otherwise
 * @param mean per channel (in the model's channel order), subtracted from 0..255 values
 * @param std per channel, divides after the mean
 * @param template chip positions of left eye, right eye, nose tip, mouth centre (x0 y0 .. x3 y3)
 * @param embeddingSize the descriptor length
 * @param normalize whether descriptors are L2-normalised (cosine metric)
 * @param distanceScale the distance that maps to similarity 0
 * @param scale the score scale's name
 * @param thresholds match, duplicate and identify distances
 * @param licence the model's licence, as its description states it
 * @param nonFacePrototype the non-face prototype descriptor, or {@code null} if the model has none
 * @param mirrorAverage which descriptors average the chip's and its mirror image's descriptor:
 *     {@link #MIRROR_NONE}, {@link #MIRROR_ENROLMENT} (enrolled faces and the source face of a
 *     comparison; probes stay single, so logins cost one embedding) or {@link #MIRROR_ALL}
 */
public record DescriptorSpec(
    String name,
    byte[] onnx,
    String sha256,
    String inputName,
    String outputName,
    int inputSize,
    boolean channelsFirst,
    boolean bgr,
    float[] mean,
    float[] std,
    double[] template,
    int embeddingSize,
    boolean normalize,
    double distanceScale,
    String scale,
    double[] thresholds,
    String licence,
    float @Nullable [] nonFacePrototype,
    String mirrorAverage) {

  /** No descriptor is mirror-averaged. */
  public static final String MIRROR_NONE = "none";

  /** Enrolled faces (and the source face of a comparison) are mirror-averaged; probes are not. */
  public static final String MIRROR_ENROLMENT = "enrolment";

  /** Every descriptor is mirror-averaged (twice the embedding cost on every call). */
  public static final String MIRROR_ALL = "all";

  private static final String DIRECTORY = "/io/github/idvkit/local/models/";

  /** The model version string stored with every embedding: detector and descriptor, and digest. */
  public String modelVersion() {
    return "blazeface-back256-1.2.0+" + name + "-" + sha256.substring(0, 8);
  }

  /**
   * Returns the shipped dlib descriptor's spec, read from its description on the classpath.
   *
   * @return the spec
   * @throws IOException if a resource is missing
   */
  public static DescriptorSpec dlib() throws IOException {
    Properties p = new Properties();
    try (InputStream in = resource("dlib-resnet29.properties")) {
      p.load(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    }
    byte[] onnx;
    try (InputStream in = resource(p.getProperty("file"))) {
      onnx = in.readAllBytes();
    }
    float[] prototype;
    try (InputStream in = resource(p.getProperty("nonFacePrototype"))) {
      prototype = parseFloats(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().replace('\n', ','), -1);
    }
    return parse(p, onnx, prototype);
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = DescriptorSpec.class.getResourceAsStream(DIRECTORY + name);
    if (in == null) {
      throw new IOException("Model resource " + DIRECTORY + name + " is not on the classpath");
    }
    return in;
  }

  /**
   * Builds a spec from a description and the model bytes, checking the digest and every value.
   *
   * @param p the description
   * @param onnx the model bytes
   * @param nonFacePrototype the non-face prototype, or {@code null}
   * @return the spec
   * @throws IllegalArgumentException if a value is missing or malformed, or the digest differs
   */
  public static DescriptorSpec parse(Properties p, byte[] onnx, float @Nullable [] nonFacePrototype) {
    String name = required(p, "name");
    if (!name.matches("[A-Za-z0-9._-]{1,80}")) {
      throw new IllegalArgumentException("name must be 1-80 of [A-Za-z0-9._-], got " + name);
    }
    String sha256 = required(p, "sha256").toLowerCase(Locale.ROOT);
    String actual = ModelFile.sha256(onnx);
    if (!actual.equals(sha256)) {
      throw new IllegalArgumentException(
          "The model file has SHA-256 " + actual + ", the description says " + sha256);
    }
    int size = Integer.parseInt(required(p, "input.size"));
    if (size < 32 || size > 512) {
      throw new IllegalArgumentException("input.size must be 32-512, got " + size);
    }
    String layout = required(p, "input.layout").toUpperCase(Locale.ROOT);
    if (!layout.equals("NCHW") && !layout.equals("NHWC")) {
      throw new IllegalArgumentException("input.layout must be NCHW or NHWC, got " + layout);
    }
    String channels = required(p, "input.channels").toUpperCase(Locale.ROOT);
    if (!channels.equals("RGB") && !channels.equals("BGR")) {
      throw new IllegalArgumentException("input.channels must be RGB or BGR, got " + channels);
    }
    float[] mean = parseFloats(p.getProperty("input.mean", "0,0,0"), 3);
    float[] std = parseFloats(p.getProperty("input.std", "1,1,1"), 3);
    for (float s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("input.std values must be positive");
      }
    }
    float[] t = parseFloats(required(p, "alignment.template"), 8);
    double[] template = new double[8];
    for (int i = 0; i < 8; i++) {
      template[i] = t[i];
      if (!(t[i] >= 0 && t[i] < size)) {
        throw new IllegalArgumentException("alignment.template points must lie inside the chip");
      }
    }
    int embeddingSize = Integer.parseInt(required(p, "embedding.size"));
    if (embeddingSize < 1 || embeddingSize > FaceTable.MAX_DIMENSIONS) {
      throw new IllegalArgumentException(
          "embedding.size must be 1-" + FaceTable.MAX_DIMENSIONS + ", got " + embeddingSize);
    }
    String metric = required(p, "metric").toLowerCase(Locale.ROOT);
    if (!metric.equals("euclidean") && !metric.equals("cosine")) {
      throw new IllegalArgumentException("metric must be euclidean or cosine, got " + metric);
    }
    boolean normalize = metric.equals("cosine");
    double distanceScale =
        Double.parseDouble(p.getProperty("similarity.distanceScale", normalize ? "2" : "1.2"));
    if (!(distanceScale > 0)) {
      throw new IllegalArgumentException("similarity.distanceScale must be positive");
    }
    double[] thresholds = {
      Double.parseDouble(required(p, "threshold.match")),
      Double.parseDouble(required(p, "threshold.duplicate")),
      Double.parseDouble(required(p, "threshold.identify"))
    };
    for (double d : thresholds) {
      if (!(d > 0 && d < distanceScale)) {
        throw new IllegalArgumentException("thresholds must be distances in (0, distanceScale)");
      }
    }
    String scale =
        p.getProperty("scale", String.format(Locale.ROOT, "local:%s/%s-%s", name, metric, distanceScale));
    if (nonFacePrototype != null && nonFacePrototype.length != embeddingSize) {
      throw new IllegalArgumentException("The non-face prototype has the wrong length");
    }
    String mirror = p.getProperty("embedding.mirrorAverage", MIRROR_NONE).trim().toLowerCase(Locale.ROOT);
    if (!mirror.equals(MIRROR_NONE) && !mirror.equals(MIRROR_ENROLMENT) && !mirror.equals(MIRROR_ALL)) {
      throw new IllegalArgumentException(
          "embedding.mirrorAverage must be none, enrolment or all, got " + mirror);
    }
    return new DescriptorSpec(
        name, onnx, sha256, p.getProperty("input.name", "input"), p.getProperty("output.name", "output"),
        size, layout.equals("NCHW"), channels.equals("BGR"), mean, std, template, embeddingSize,
        normalize, distanceScale, scale, thresholds, required(p, "licence"), nonFacePrototype,
        mirror);
  }

  private static String required(Properties p, String key) {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("The model description lacks " + key);
    }
    return v.trim();
  }

  /**
   * Parses comma-separated floats.
   *
   * @param text the values
   * @param expected how many, or -1 for any number
   * @return the values
   */
  public static float[] parseFloats(String text, int expected) {
    String[] parts = text.split(",");
    if (expected >= 0 && parts.length != expected) {
      throw new IllegalArgumentException("Expected " + expected + " values, got " + parts.length + ": " + text);
    }
    float[] out = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Float.parseFloat(parts[i].trim());
    }
    return out;
  }
}
