package io.github.idvkit.local.internal;


/**
 * The dlib descriptor's length, which idv-local's index stores. The descriptor itself runs through
 * {@link OnnxFaceEmbedder} with the spec in {@code models/dlib-resnet29.properties}.
 */
public final class DlibFaceEmbedder {

  /** Length of a descriptor. */
  public static final int DIMENSIONS = 128;

  private DlibFaceEmbedder() {}
}
