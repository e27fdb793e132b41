package io.github.idvkit.testkit;

import io.github.idvkit.FaceImage;
import io.github.idvkit.InvalidImageException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Synthetic face images that carry, in their pixels, whose faces they show and how those faces
 * look, so the in-memory fakes (and any test endpoint built on them) can report every outcome
 * without mocks.
 *
 * <pre>{@code
 * FaceImage selfie  = TestFaces.subject("alice").image(1);
 * FaceImage again   = TestFaces.subject("alice").image(2);              // same person
 * FaceImage dark    = TestFaces.subject("alice").dark().image(3);       // too dark
 * FaceImage group   = TestFaces.group("alice", "bob");                  // two faces
 * FaceImage nobody  = TestFaces.noFace();
 * FaceImage mallory = TestFaces.subject("alice").lookalike("mallory", 0.97).image(1);
 *
 * TestImage declared = TestFaces.read(selfie).orElseThrow();            // what it carries
 * }</pre>
 *
 * <p>Each image is a PNG 240 pixels high and 240 wide per face, with a cartoon face a person can
 * recognise. The declaration sits in two bands of black and white 8-pixel cells with a checksum,
 * not in metadata, so it survives {@link FaceImage#normalize(io.github.idvkit.ImageLimits)}: JPEG
 * re-encoding (even at low quality) and downscaling to 40 % of the size, as long as the image
 * stays at least 90 pixels high. An image without a readable declaration, such as a real photo,
 * shows no face as far as the fakes are concerned.
 *
 * <p>All methods are thread-safe and deterministic: the same call gives the same bytes.
 */
public final class TestFaces {

  /** The highest image index. */
  public static final int MAX_INDEX = FacePayload.MAX_INDEX;

  /** The most faces one image holds. */
  public static final int MAX_FACES = FacePayload.MAX_FACES;

  /** Recently made images, by what decides their bytes; images are immutable, so shared. */
  private static final Map<String, FaceImage> MADE = new LruCache<>(256);

  private TestFaces() {}

  /**
   * Returns a synthetic person. The same name is the same person.
   *
   * @param name the person's name, for example {@code "alice"}
   * @return the subject
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static TestSubject subject(String name) {
    return TestSubject.named(name);
  }

  /**
   * Returns image 1 of several people side by side, left to right, all faces of the same size.
   *
   * @param names the people's names, 1 to {@value #MAX_FACES}
   * @return the image
   * @throws IllegalArgumentException if there are no names or more than {@value #MAX_FACES}
   */
  public static FaceImage group(String... names) {
    return group(1, Arrays.stream(names).map(TestFaces::subject).toArray(TestSubject[]::new));
  }

  /**
   * Returns image 1 of several subjects side by side, left to right, each drawn with its own
   * modifiers (a {@link TestSubject#small()} one is the smaller face).
   *
   * @param subjects the subjects, 1 to {@value #MAX_FACES}
   * @return the image
   * @throws IllegalArgumentException if there are no subjects or more than {@value #MAX_FACES}
   */
  public static FaceImage group(TestSubject... subjects) {
    return group(1, subjects);
  }

  /**
   * Returns an image of several subjects side by side, left to right.
   *
   * @param index the photo's number, 0 to {@value #MAX_INDEX}
   * @param subjects the subjects, 1 to {@value #MAX_FACES}
   * @return the image
   * @throws IllegalArgumentException if {@code index} is out of range, or there are no subjects or
   *     more than {@value #MAX_FACES}
   */
  public static FaceImage group(int index, TestSubject... subjects) {
    List<TestSubject> faces = List.of(subjects);
    if (faces.isEmpty() || faces.size() > MAX_FACES) {
      throw new IllegalArgumentException(
          "A test image holds 1 to " + MAX_FACES + " faces, got " + faces.size()
              + "; use noFace() for none");
    }
    return encode(index, faces);
  }

  /**
   * Returns image 1 without any face: a landscape.
   *
   * @return the image
   */
  public static FaceImage noFace() {
    return noFace(1);
  }

  /**
   * Returns an image without any face; different indexes give different images.
   *
   * @param index the image's number, 0 to {@value #MAX_INDEX}
   * @return the image
   * @throws IllegalArgumentException if {@code index} is out of range
   */
  public static FaceImage noFace(int index) {
    return encode(index, List.of());
  }

  /**
   * Reads what an image declares. Works on the images this class makes and on any re-encoding or
   * uniform rescaling of them.
   *
   * @param image any image
   * @return the declaration, or empty if the image carries none (then it shows no face)
   * @throws InvalidImageException if the image cannot be decoded at all
   */
  public static Optional<TestImage> read(FaceImage image) {
    Objects.requireNonNull(image, "image");
    return FacePayload.decode(decode(image));
  }

  static BufferedImage decode(FaceImage image) {
    BufferedImage decoded;
    try {
      // ImageIO.read closes the stream it is given; a memory cache avoids temporary files.
      decoded = ImageIO.read(new MemoryCacheImageInputStream(image.asInputStream()));
    } catch (IOException | RuntimeException e) {
      throw undecodable(e);
    }
    if (decoded == null) {
      throw undecodable(null);
    }
    return decoded;
  }

  private static InvalidImageException undecodable(Throwable cause) {
    return new InvalidImageException(
        InvalidImageException.Reason.CORRUPT,
        "The image could not be decoded; send a complete JPEG or PNG",
        cause);
  }

  private static FaceImage encode(int index, List<TestSubject> faces) {
    if (index < 0 || index > MAX_INDEX) {
      throw new IllegalArgumentException(
          "A test image index is 0 to " + MAX_INDEX + ", got " + index);
    }
    StringBuilder key = new StringBuilder().append(index);
    for (TestSubject face : faces) {
      key.append('|').append(face.drawingKey());
    }
    synchronized (MADE) {
      FaceImage made = MADE.get(key.toString());
      if (made != null) {
        return made;
      }
    }
    FaceImage made = paint(index, faces);
    synchronized (MADE) {
      MADE.put(key.toString(), made);
    }
    return made;
  }

  private static FaceImage paint(int index, List<TestSubject> faces) {
    BufferedImage image = FacePainter.paint(index, faces);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      if (!ImageIO.write(image, "png", out)) {
        throw new IllegalStateException("This JDK has no PNG writer");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return FaceImage.fromBytes(bytes.toByteArray());
  }
}
