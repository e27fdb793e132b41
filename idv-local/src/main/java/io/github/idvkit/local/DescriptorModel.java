package io.github.idvkit.local;

import io.github.idvkit.ConfigurationException;
import io.github.idvkit.Similarity;
import io.github.idvkit.local.internal.DescriptorSpec;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;

/**
 * A face descriptor model the local engine can run, with what it needs to know about it: input
 * size, layout, colour order and normalisation, the alignment template, embedding size, metric,
 * calibrated thresholds, licence and SHA-256. The shipped dlib model is {@link #dlib()}; bring your
 * own from a description file:
 *
 * <pre>{@code
 * DescriptorModel model = DescriptorModel.load(Path.of("/opt/models/my-model.properties"));
 * try (LocalFaceEngine engine = LocalFaceEngine.builder().descriptorModel(model).build()) { ... }
 * }</pre>
 *
 * <p>The description is a properties file (the shipped one is {@code
 * io/github/idvkit/local/models/dlib-resnet29.properties} in the jar): {@code name}, {@code file}
 * (the ONNX file, relative to the description), {@code sha256}, {@code licence}, {@code input.name},
 * {@code input.size}, {@code input.layout} (NCHW or NHWC), {@code input.channels} (RGB or BGR),
 * {@code input.mean} and {@code input.std} (per channel, on 0..255 values), {@code output.name},
 * {@code alignment.template} (chip positions of the left eye, right eye, nose tip and mouth
 * centre), {@code embedding.size}, {@code metric} (euclidean, or cosine: vectors are
 * L2-normalised), {@code similarity.distanceScale} (similarity = 1 - distance / scale), {@code
 * threshold.match}/{@code .duplicate}/{@code .identify} (distances, from your own calibration:
 * {@code idv calibrate}), optionally {@code scale} and {@code nonFacePrototype}.
 *
 * {@code embedding.mirrorAverage} ({@code none}, {@code enrolment} or {@code all}: which
 * descriptors average the chip's and its mirror image's).
 *
 * <p>{@code embedding.size} may be anything from 1 to 4096 (the local index stores descriptors of
 * the model's length; 128-value ones in the format earlier versions read). Limits: the non-face
 * descriptor check needs a prototype made for the model (without one, only the keypoint geometry
 * is checked); an index built with one model is refused by another.
 */
public final class DescriptorModel {

  private final DescriptorSpec spec;

  private DescriptorModel(DescriptorSpec spec) {
    this.spec = spec;
  }

  /**
   * Returns the shipped dlib ResNet-29 descriptor (public domain model, MIT port).
   *
   * @return the model
   * @throws ConfigurationException if the jar's model resources are missing or damaged
   */
  public static DescriptorModel dlib() {
    try {
      return new DescriptorModel(DescriptorSpec.dlib());
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigurationException("The shipped descriptor model cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a model description and the ONNX file it names, checking the file's SHA-256 and every
   * value.
   *
   * @param description the properties file
   * @return the model
   * @throws ConfigurationException if a file cannot be read, a value is missing or malformed, the
   *     digest differs
   */
  public static DescriptorModel load(Path description) {
    Objects.requireNonNull(description, "description");
    try {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(description, StandardCharsets.UTF_8)) {
        p.load(r);
      }
      Path dir = description.toAbsolutePath().getParent();
      String file = p.getProperty("file");
      if (file == null || file.isBlank()) {
        throw new IllegalArgumentException("The model description lacks file");
      }
      byte[] onnx = Files.readAllBytes(dir.resolve(file.trim()));
      float[] prototype = null;
      String prototypeFile = p.getProperty("nonFacePrototype");
      if (prototypeFile != null && !prototypeFile.isBlank()) {
        String text = Files.readString(dir.resolve(prototypeFile.trim()), StandardCharsets.UTF_8);
        prototype = DescriptorSpec.parseFloats(text.trim().replace('\n', ','), -1);
      }
      return new DescriptorModel(DescriptorSpec.parse(p, onnx, prototype));
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigurationException(
          "The descriptor model described by " + description + " cannot be used: " + e.getMessage(), e);
    }
  }

  DescriptorSpec spec() {
    return spec;
  }

  /**
   * Returns the model's name.
   *
   * @return the name
   */
  public String name() {
    return spec.name();
  }

  /**
   * Returns the SHA-256 of the ONNX file.
   *
   * @return lower-case hex
   */
  public String sha256() {
    return spec.sha256();
  }

  /**
   * Returns the licence, as the description states it.
   *
   * @return the licence
   */
  public String licence() {
    return spec.licence();
  }

  /**
   * Returns the side of the aligned chip the model takes.
   *
   * @return pixels
   */
  public int inputSize() {
    return spec.inputSize();
  }

  /**
   * Returns the descriptor length.
   *
   * @return values
   */
  public int embeddingSize() {
    return spec.embeddingSize();
  }

  /**
   * Returns the name of this model's similarity scale, which its calibrated policy carries.
   *
   * @return the scale
   */
  public String scale() {
    return spec.scale();
  }

  /**
   * Returns the version stored with every embedding of this model.
   *
   * @return the version
   */
  public String modelVersion() {
    return spec.modelVersion();
  }

  /**
   * Maps a descriptor distance onto the similarity scale: {@code max(0, 1 - distance / scale)}.
   *
   * @param distance the Euclidean distance (of normalised vectors for a cosine model)
   * @return the similarity, on this model's {@link #scale()}
   */
  public Similarity similarity(double distance) {
    if (!(distance >= 0)) {
      throw new IllegalArgumentException("A distance must be at least 0, got " + distance);
    }
    return Similarity.ofRatio(
        Math.max(0, Math.min(1, 1 - distance / spec.distanceScale())), spec.scale());
  }

  /**
   * Returns the calibrated match (login, ID photo) threshold.
   *
   * @return the similarity
   */
  public Similarity matchThreshold() {
    return similarity(spec.thresholds()[0]);
  }

  /**
   * Returns the calibrated duplicate threshold.
   *
   * @return the similarity
   */
  public Similarity duplicateThreshold() {
    return similarity(spec.thresholds()[1]);
  }

  /**
   * Returns the calibrated identify threshold.
   *
   * @return the similarity
   */
  public Similarity identifyThreshold() {
    return similarity(spec.thresholds()[2]);
  }

  @Override
  public String toString() {
    return "DescriptorModel[" + spec.modelVersion() + ", scale=" + spec.scale() + "]";
  }
}
