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
 * The dlib ResNet-29 face descriptor (as ported by face-api.js, converted to ONNX by {@code
 * tools/faceapi_to_onnx.py}) on ONNX Runtime: aligned 150x150 RGB chips in, raw 128-d descriptors
 * out. Mean subtraction and scaling are inside the graph.
 *
 * <p>Thread-safe: it holds no mutable state; ONNX Runtime sessions may be run concurrently.
 */
public final class DlibFaceEmbedder {

  /** Length of a descriptor. */
  public static final int DIMENSIONS = 128;

  private static final String INPUT = "input";
  private static final String OUTPUT = "descriptor";
  private static final int PLANE = FaceAligner.CHIP_SIZE * FaceAligner.CHIP_SIZE;

  private final OrtEnvironment env;
  private final OrtSession session;

  /**
   * Creates an embedder on a session of the converted model.
   *
   * @param env the ONNX Runtime environment
   * @param session the session; not closed by this object
   */
  public DlibFaceEmbedder(OrtEnvironment env, OrtSession session) {
    this.env = env;
    this.session = session;
  }

  /**
   * Computes descriptors for chips, in one batch.
   *
   * @param chips interleaved RGB floats 0..255, {@code 150 * 150 * 3} each
   * @return one descriptor per chip, in order
   * @throws OrtException if ONNX Runtime fails
   */
  public List<float[]> embed(List<float[]> chips) throws OrtException {
    if (chips.isEmpty()) {
      return List.of();
    }
    int n = chips.size();
    float[] planar = new float[n * 3 * PLANE];
    for (int c = 0; c < n; c++) {
      float[] chip = chips.get(c);
      if (chip.length != 3 * PLANE) {
        throw new IllegalArgumentException("A chip needs 150*150*3 values, got " + chip.length);
      }
      int base = c * 3 * PLANE;
      for (int p = 0, i = 0; p < PLANE; p++, i += 3) {
        planar[base + p] = chip[i];
        planar[base + PLANE + p] = chip[i + 1];
        planar[base + 2 * PLANE + p] = chip[i + 2];
      }
    }
    long[] shape = {n, 3, FaceAligner.CHIP_SIZE, FaceAligner.CHIP_SIZE};
    try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(planar), shape);
        OrtSession.Result result = session.run(Map.of(INPUT, input))) {
      FloatBuffer out =
          ((OnnxTensor)
                  result
                      .get(OUTPUT)
                      .orElseThrow(() -> new IllegalStateException("descriptor output missing")))
              .getFloatBuffer();
      List<float[]> descriptors = new ArrayList<>(n);
      for (int c = 0; c < n; c++) {
        float[] d = new float[DIMENSIONS];
        out.get(c * DIMENSIONS, d);
        descriptors.add(d);
      }
      return descriptors;
    }
  }
}
