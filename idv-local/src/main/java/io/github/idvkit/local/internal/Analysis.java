package io.github.idvkit.local.internal;

import ai.onnxruntime.OrtException;
import java.util.ArrayList;
import java.util.List;

/**
 * One image as the engine saw it: decoded once, its faces found once (largest first), and each
 * face's descriptor computed at most once, on first use. The ports of one flow share it through
 * {@link FaceEngine#analyze}, so a selfie that is gated, compared, searched and indexed is decoded
 * and detected once.
 *
 * <p>Thread-safe.
 */
public final class Analysis {

  private final FaceEngine engine;
  private final RgbImage image;
  private final List<FaceEngine.AnalyzedFace> faces;
  private final float[][] descriptors;
  private final float[][] enrolmentDescriptors;

  Analysis(FaceEngine engine, RgbImage image, List<FaceEngine.AnalyzedFace> facesLargestFirst) {
    this.engine = engine;
    this.image = image;
    this.faces = List.copyOf(facesLargestFirst);
    this.descriptors = new float[faces.size()][];
    this.enrolmentDescriptors = new float[faces.size()][];
  }

  /**
   * Returns the descriptor the {@code index}-th largest face is enrolled (indexed) with, computed
   * at most once: see {@link FaceEngine#enrolmentDescriptor}.
   *
   * @param index the face
   * @return its enrolment descriptor; callers must not modify it
   * @throws OrtException if ONNX Runtime fails
   */
  public float[] enrolmentDescriptor(int index) throws OrtException {
    float[] single = descriptor(index);
    synchronized (enrolmentDescriptors) {
      if (enrolmentDescriptors[index] == null) {
        enrolmentDescriptors[index] =
            engine.enrolmentDescriptor(image, faces.get(index).detection(), single);
      }
      return enrolmentDescriptors[index];
    }
  }

  /**
   * Returns the decoded image.
   *
   * @return the image
   */
  public RgbImage image() {
    return image;
  }

  /**
   * Returns the faces, largest first.
   *
   * @return the faces
   */
  public List<FaceEngine.AnalyzedFace> faces() {
    return faces;
  }

  /**
   * Returns the descriptor of the {@code index}-th largest face.
   *
   * @param index the face
   * @return its 128-d descriptor; callers must not modify it
   * @throws OrtException if ONNX Runtime fails
   */
  public float[] descriptor(int index) throws OrtException {
    synchronized (descriptors) {
      if (descriptors[index] == null) {
        descriptors[index] = engine.embed(image, List.of(faces.get(index).detection())).get(0);
      }
      return descriptors[index];
    }
  }

  /**
   * Returns the descriptors of every face, largest first, computing the missing ones in one batch.
   *
   * @return the descriptors; callers must not modify them
   * @throws OrtException if ONNX Runtime fails
   */
  public List<float[]> descriptors() throws OrtException {
    synchronized (descriptors) {
      List<Integer> missing = new ArrayList<>();
      List<FaceDetection> detections = new ArrayList<>();
      for (int i = 0; i < descriptors.length; i++) {
        if (descriptors[i] == null) {
          missing.add(i);
          detections.add(faces.get(i).detection());
        }
      }
      if (!missing.isEmpty()) {
        List<float[]> computed = engine.embed(image, detections);
        for (int k = 0; k < missing.size(); k++) {
          descriptors[missing.get(k)] = computed.get(k);
        }
      }
      return List.of(descriptors);
    }
  }
}
