package io.github.idvkit.local.internal;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a face descriptor model described by a {@link DescriptorSpec} on aligned chips: converts
 * interleaved RGB 0..255 chips to the model's layout, channel order and normalisation, runs one
 * batch, and L2-normalises the outputs for a cosine model.
 *
 * <p>Thread-safe: it holds no mutable state; ONNX Runtime sessions may be run concurrently.
 */
public final class OnnxFaceEmbedder {

  private final OrtEnvironment env;
  private final OrtSession session;
  private final DescriptorSpec spec;

  /**
   * Creates an embedder.
   *
   * @param env the ONNX Runtime environment
   * @param session a session of the spec's model; not closed by this object
   * @param spec the model's description
   */
  public OnnxFaceEmbedder(OrtEnvironment env, OrtSession session, DescriptorSpec spec) {
    this.env = env;
    this.session = session;
    this.spec = spec;
  }

  /**
   * Computes descriptors for chips, in one batch.
   *
   * @param chips interleaved RGB floats 0..255, {@code size * size * 3} each
   * @return one descriptor per chip, in order
   * @throws OrtException if ONNX Runtime fails
   */
  public List<float[]> embed(List<float[]> chips) throws OrtException {
    if (chips.isEmpty()) {
      return List.of();
    }
    int size = spec.inputSize();
    int plane = size * size;
    int n = chips.size();
    float[] input = new float[n * 3 * plane];
    float[] mean = spec.mean();
    float[] std = spec.std();
    for (int c = 0; c < n; c++) {
      float[] chip = chips.get(c);
      if (chip.length != 3 * plane) {
        throw new IllegalArgumentException(
            "A chip needs " + size + "*" + size + "*3 values, got " + chip.length);
      }
      int base = c * 3 * plane;
      for (int p = 0, i = 0; p < plane; p++, i += 3) {
        for (int k = 0; k < 3; k++) {
          int source = spec.bgr() ? 2 - k : k; // model channel k reads this chip channel
          float v = (chip[i + source] - mean[k]) / std[k];
          input[spec.channelsFirst() ? base + k * plane + p : base + 3 * p + k] = v;
        }
      }
    }
    long[] shape =
        spec.channelsFirst() ? new long[] {n, 3, size, size} : new long[] {n, size, size, 3};
    try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
        OrtSession.Result result = session.run(Map.of(spec.inputName(), tensor))) {
      FloatBuffer out =
          ((OnnxTensor)
                  result
                      .get(spec.outputName())
                      .orElseThrow(
                          () -> new IllegalStateException("Model output missing: " + spec.outputName())))
              .getFloatBuffer();
      int dims = spec.embeddingSize();
      if (out.remaining() != n * dims) {
        throw new IllegalStateException(
            "The model returned " + out.remaining() + " values for " + n + " chips, expected "
                + dims + " each");
      }
      List<float[]> descriptors = new ArrayList<>(n);
      for (int c = 0; c < n; c++) {
        float[] d = new float[dims];
        out.get(c * dims, d);
        if (spec.normalize()) {
          double norm = 0;
          for (float v : d) {
            norm += v * v;
          }
          norm = Math.sqrt(norm);
          if (norm > 0) {
            for (int i = 0; i < dims; i++) {
              d[i] = (float) (d[i] / norm);
            }
          }
        }
        descriptors.add(d);
      }
      return descriptors;
    }
  }
}
