package io.github.idvkit.local.internal;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * MediaPipe BlazeFace "back" (256x256) on ONNX Runtime: letterbox, run, decode 896 anchors, weighted
 * non-maximum suppression, undo the letterbox.
 *
 * <p>Thread-safe: it holds no mutable state; ONNX Runtime sessions may be run concurrently.
 */
public final class BlazeFaceDetector {

  /** Input side of the network. */
  public static final int INPUT_SIZE = 256;

  private static final String INPUT = "input:0";
  private static final String[] SCORES = {"Identity:0", "Identity_1:0"};
  private static final String[] REGRESSORS = {"Identity_2:0", "Identity_3:0"};
  private static final int[] GRID = {16, 8};
  private static final int[] ANCHORS_PER_CELL = {2, 6};
  private static final int VALUES = 16;

  private final OrtEnvironment env;
  private final OrtSession session;
  private final double scoreThreshold;
  private final double iouThreshold;

  /**
   * Creates a detector on a session of the BlazeFace back model.
   *
   * @param env the ONNX Runtime environment
   * @param session the session; not closed by this object
   * @param scoreThreshold minimum face score, 0..1
   * @param iouThreshold overlap above which boxes are merged
   */
  public BlazeFaceDetector(
      OrtEnvironment env, OrtSession session, double scoreThreshold, double iouThreshold) {
    this.env = env;
    this.session = session;
    this.scoreThreshold = scoreThreshold;
    this.iouThreshold = iouThreshold;
  }

  /**
   * Finds faces.
   *
   * @param image the image
   * @return faces, highest score first, in the image's continuous pixel coordinates
   * @throws OrtException if ONNX Runtime fails
   */
  public List<FaceDetection> detect(RgbImage image) throws OrtException {
    int longSide = Math.max(image.width(), image.height());
    double sourcePerInput = (double) longSide / INPUT_SIZE;
    float[] rgb = AffineWarp.scaling(sourcePerInput).apply(image, INPUT_SIZE, INPUT_SIZE);
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = rgb[i] / 127.5f - 1f;
    }
    List<FaceDetection> candidates = new ArrayList<>();
    try (OnnxTensor input =
            OnnxTensor.createTensor(
                env, FloatBuffer.wrap(rgb), new long[] {1, INPUT_SIZE, INPUT_SIZE, 3});
        OrtSession.Result result = session.run(Map.of(INPUT, input))) {
      for (int layer = 0; layer < GRID.length; layer++) {
        FloatBuffer scores = tensor(result, SCORES[layer]);
        FloatBuffer boxes = tensor(result, REGRESSORS[layer]);
        decode(layer, scores, boxes, candidates);
      }
    }
    List<FaceDetection> faces = weightedNms(candidates, iouThreshold);
    List<FaceDetection> scaled = new ArrayList<>(faces.size());
    for (FaceDetection face : faces) {
      scaled.add(face.scaled(longSide));
    }
    return scaled;
  }

  private static FloatBuffer tensor(OrtSession.Result result, String name) {
    OnnxValue value =
        result
            .get(name)
            .orElseThrow(() -> new IllegalStateException("BlazeFace output missing: " + name));
    return ((OnnxTensor) value).getFloatBuffer();
  }

  /** Decodes one anchor layer into candidates with normalised (0..1 of the input) coordinates. */
  private void decode(int layer, FloatBuffer scores, FloatBuffer boxes, List<FaceDetection> out) {
    int cells = GRID[layer];
    int perCell = ANCHORS_PER_CELL[layer];
    float[] r = new float[VALUES];
    int anchor = 0;
    for (int row = 0; row < cells; row++) {
      for (int col = 0; col < cells; col++) {
        double ax = (col + 0.5) / cells;
        double ay = (row + 0.5) / cells;
        for (int a = 0; a < perCell; a++, anchor++) {
          double raw = Math.max(-100, Math.min(100, scores.get(anchor)));
          double score = 1 / (1 + Math.exp(-raw));
          if (score < scoreThreshold) {
            continue;
          }
          boxes.get(anchor * VALUES, r);
          double cx = ax + r[0] / INPUT_SIZE;
          double cy = ay + r[1] / INPUT_SIZE;
          double w = r[2] / INPUT_SIZE;
          double h = r[3] / INPUT_SIZE;
          if (!(w > 0 && h > 0)) {
            continue;
          }
          double[] k = new double[2 * FaceDetection.KEYPOINTS];
          for (int i = 0; i < FaceDetection.KEYPOINTS; i++) {
            k[2 * i] = ax + r[4 + 2 * i] / INPUT_SIZE;
            k[2 * i + 1] = ay + r[5 + 2 * i] / INPUT_SIZE;
          }
          out.add(new FaceDetection(score, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, k));
        }
      }
    }
  }

  /**
   * MediaPipe's weighted non-maximum suppression: each cluster of boxes overlapping the best
   * remaining box by more than {@code iouThreshold} becomes one face whose coordinates are the
   * score-weighted mean of the cluster and whose score is the best score.
   *
   * @param candidates raw detections
   * @param iouThreshold overlap threshold
   * @return merged detections, best first
   */
  static List<FaceDetection> weightedNms(List<FaceDetection> candidates, double iouThreshold) {
    List<FaceDetection> remaining = new ArrayList<>(candidates);
    remaining.sort(Comparator.comparingDouble(FaceDetection::score).reversed());
    List<FaceDetection> out = new ArrayList<>();
    while (!remaining.isEmpty()) {
      FaceDetection best = remaining.get(0);
      List<FaceDetection> rest = new ArrayList<>();
      double total = 0;
      double l = 0;
      double t = 0;
      double rr = 0;
      double b = 0;
      double[] k = new double[2 * FaceDetection.KEYPOINTS];
      for (FaceDetection c : remaining) {
        if (c != best && best.iou(c) <= iouThreshold) {
          rest.add(c);
          continue;
        }
        double w = c.score();
        total += w;
        l += c.left() * w;
        t += c.top() * w;
        rr += c.right() * w;
        b += c.bottom() * w;
        for (int i = 0; i < k.length; i++) {
          k[i] += c.keypoints()[i] * w;
        }
      }
      for (int i = 0; i < k.length; i++) {
        k[i] /= total;
      }
      out.add(new FaceDetection(best.score(), l / total, t / total, rr / total, b / total, k));
      remaining = rest;
    }
    return out;
  }
}
