package io.github.idvkit.local;

import io.github.idvkit.FaceImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The public-domain portraits committed under {@code src/test/resources/io/github/idvkit/local/photos}
 * (see the PROVENANCE.md there).
 */
public enum TestPhotos {
  /** NASA portrait of astronaut Eileen Collins, 512x512 PNG. */
  ASTRONAUT("astronaut.png"),
  /** U.S. Navy portrait of Grace Hopper, 512x600 JPEG. */
  GRACE_HOPPER("grace_hopper.jpg"),
  /** The Mona Lisa, 500x756 PNG. */
  MONA_LISA("mona.png");

  private final String fileName;

  TestPhotos(String fileName) {
    this.fileName = fileName;
  }

  /**
   * Returns the file name.
   *
   * @return the name
   */
  public String fileName() {
    return fileName;
  }

  /**
   * Returns the encoded bytes.
   *
   * @return the bytes
   */
  public byte[] bytes() {
    try (InputStream in = TestPhotos.class.getResourceAsStream("photos/" + fileName)) {
      if (in == null) {
        throw new IllegalStateException("Missing test photo " + fileName);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns the photo as a face image.
   *
   * @return the image
   */
  public FaceImage image() {
    return FaceImage.fromBytes(bytes());
  }
}
