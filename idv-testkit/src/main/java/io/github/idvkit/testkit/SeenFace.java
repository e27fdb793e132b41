package io.github.idvkit.testkit;

import io.github.idvkit.BoundingBox;
import io.github.idvkit.DetectedFace;
import io.github.idvkit.FaceAttribute;
import io.github.idvkit.FaceImage;
import io.github.idvkit.Similarity;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A face the fakes found in an image: what the image declares, and the facts a provider would
 * measure. The one place that turns {@link TestFaces} declarations into detections and
 * similarities, so every fake reports the same.
 */
record SeenFace(TestFace declared, int imageIndex, DetectedFace detected) {

  static final double CONFIDENCE = 0.9999;
  static final double BLURRED_CONFIDENCE = 0.995;
  static final double BRIGHTNESS = 0.62;
  static final double DARK_BRIGHTNESS = 0.08;
  static final double OVEREXPOSED_BRIGHTNESS = 0.98;
  static final double SHARPNESS = 0.86;
  static final double BLURRED_SHARPNESS = 0.05;
  static final double ATTRIBUTE_CONFIDENCE = 0.99;

  /** What recent images showed, by their SHA-256: flows look at one selfie several times. */
  private static final Map<String, List<SeenFace>> SEEN = new LruCache<>(512);

  /**
   * Returns the faces of an image, largest first (ties left to right); empty if it declares none.
   *
   * @throws io.github.idvkit.InvalidImageException if the image cannot be decoded
   */
  static List<SeenFace> in(FaceImage image) {
    String key = image.sha256();
    synchronized (SEEN) {
      List<SeenFace> seen = SEEN.get(key);
      if (seen != null) {
        return seen;
      }
    }
    List<SeenFace> seen = look(image);
    synchronized (SEEN) {
      SEEN.put(key, seen);
    }
    return seen;
  }

  private static List<SeenFace> look(FaceImage image) {
    BufferedImage pixels = TestFaces.decode(image);
    Optional<TestImage> declared = FacePayload.decode(pixels);
    if (declared.isEmpty()) {
      return List.of();
    }
    List<SeenFace> faces = new ArrayList<>();
    for (TestFace face : declared.get().faces()) {
      faces.add(
          new SeenFace(
              face, declared.get().index(), measure(face, pixels.getWidth(), pixels.getHeight())));
    }
    faces.sort(Comparator.comparingDouble((SeenFace f) -> f.detected().box().area()).reversed());
    return List.copyOf(faces);
  }

  private static DetectedFace measure(TestFace face, int width, int height) {
    BoundingBox box = face.box();
    double brightness =
        face.dark() ? DARK_BRIGHTNESS : face.overexposed() ? OVEREXPOSED_BRIGHTNESS : BRIGHTNESS;
    return DetectedFace.builder()
        .box(box)
        .confidence(face.blurred() ? BLURRED_CONFIDENCE : CONFIDENCE)
        .sizePixels((int) Math.round(Math.min(box.width() * width, box.height() * height)))
        .brightness(brightness)
        .sharpness(face.blurred() ? BLURRED_SHARPNESS : SHARPNESS)
        .pose(face.pose())
        .eyesOpen(FaceAttribute.of(!face.eyesClosed(), ATTRIBUTE_CONFIDENCE))
        .sunglasses(FaceAttribute.of(face.sunglasses(), ATTRIBUTE_CONFIDENCE))
        .occluded(FaceAttribute.of(face.occluded(), ATTRIBUTE_CONFIDENCE))
        .build();
  }

  /**
   * Returns how alike two faces are: a look-alike's declared similarity to the subject it
   * resembles; 0.995 to 0.9999 for one subject's faces, fixed per pair of image indexes; 0.05 to
   * 0.6 for strangers, fixed per pair of identities. Symmetric.
   */
  Similarity similarityTo(SeenFace other) {
    TestFace a = declared;
    TestFace b = other.declared;
    if (a.identity().equals(b.identity())) {
      int low = Math.min(imageIndex, other.imageIndex);
      int high = Math.max(imageIndex, other.imageIndex);
      return Similarity.ofRatio(0.995 + 0.0049 * unit("same", a.identity(), low + "/" + high));
    }
    double resemblance = -1;
    if (a.resembles().filter(b.identity()::equals).isPresent()) {
      resemblance = a.resemblance().orElseThrow().ratio();
    }
    if (b.resembles().filter(a.identity()::equals).isPresent()) {
      resemblance = Math.max(resemblance, b.resemblance().orElseThrow().ratio());
    }
    if (resemblance >= 0) {
      return Similarity.ofRatio(resemblance);
    }
    String low = a.identity().compareTo(b.identity()) < 0 ? a.identity() : b.identity();
    String high = low.equals(a.identity()) ? b.identity() : a.identity();
    return Similarity.ofRatio(0.05 + 0.55 * unit("stranger", low, high));
  }

  /** A number in [0, 1) fixed by the parts. */
  private static double unit(String... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        sha.update(part.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      long bits = ByteBuffer.wrap(sha.digest()).getLong() >>> 11;
      return bits / (double) (1L << 53);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
