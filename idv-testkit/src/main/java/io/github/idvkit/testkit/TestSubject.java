package io.github.idvkit.testkit;

import io.github.idvkit.FaceImage;
import io.github.idvkit.Pose;
import io.github.idvkit.Similarity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A synthetic person, and how their face is drawn: the starting point of {@link TestFaces}.
 *
 * <pre>{@code
 * TestSubject alice = TestFaces.subject("alice");
 * FaceImage selfie = alice.image(1);
 * FaceImage again = alice.image(2);                       // same person, another photo
 * FaceImage shades = alice.withSunglasses().image(3);     // fails the quality gate
 * TestSubject mallory = alice.lookalike("mallory", 0.97); // a different person, 97 % like alice
 * }</pre>
 *
 * <p>Instances are immutable: every modifier returns a new subject. Two subjects with the same name
 * are the same person whatever their modifiers; the modifiers only change how a face is drawn and
 * what a detector measures in it.
 */
public final class TestSubject {

  /** The yaw {@link #turned()} draws, in degrees: past every preset gate. */
  public static final int TURNED_YAW = 50;

  private final String name;
  private final String identity;
  private final boolean sunglasses;
  private final boolean dark;
  private final boolean overexposed;
  private final boolean blurred;
  private final boolean eyesClosed;
  private final boolean small;
  private final boolean occluded;
  private final int yaw;
  private final int pitch;
  private final int roll;
  private final @Nullable String resembles;
  private final @Nullable Similarity resemblance;

  private TestSubject(
      String name,
      String identity,
      boolean sunglasses,
      boolean dark,
      boolean overexposed,
      boolean blurred,
      boolean eyesClosed,
      boolean small,
      boolean occluded,
      int yaw,
      int pitch,
      int roll,
      @Nullable String resembles,
      @Nullable Similarity resemblance) {
    this.name = name;
    this.identity = identity;
    this.sunglasses = sunglasses;
    this.dark = dark;
    this.overexposed = overexposed;
    this.blurred = blurred;
    this.eyesClosed = eyesClosed;
    this.small = small;
    this.occluded = occluded;
    this.yaw = yaw;
    this.pitch = pitch;
    this.roll = roll;
    this.resembles = resembles;
    this.resemblance = resemblance;
  }

  static TestSubject named(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("A test subject needs a non-blank name");
    }
    return new TestSubject(
        name, identityOf(name), false, false, false, false, false, false, false, 0, 0, 0, null,
        null);
  }

  /**
   * Returns the identity a name hashes to: 8 hex characters of its SHA-256.
   *
   * @param name the subject's name
   * @return the identity
   */
  static String identityOf(String name) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /**
   * Returns the subject's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the identity the subject's images carry: 8 hex characters of the SHA-256 of the name,
   * as {@link TestFace#identity()} reads it back.
   *
   * @return the identity
   */
  public String identity() {
    return identity;
  }

  /**
   * Returns this subject wearing sunglasses; a detector reports them.
   *
   * @return the subject
   */
  public TestSubject withSunglasses() {
    return copy(true, dark, overexposed, blurred, eyesClosed, small, occluded, yaw, pitch, roll);
  }

  /**
   * Returns this subject photographed in the dark; a detector reports a low brightness.
   *
   * @return the subject
   */
  public TestSubject dark() {
    return copy(sunglasses, true, false, blurred, eyesClosed, small, occluded, yaw, pitch, roll);
  }

  /**
   * Returns this subject over-exposed; a detector reports a very high brightness.
   *
   * @return the subject
   */
  public TestSubject overexposed() {
    return copy(sunglasses, false, true, blurred, eyesClosed, small, occluded, yaw, pitch, roll);
  }

  /**
   * Returns this subject out of focus; a detector reports a low sharpness.
   *
   * @return the subject
   */
  public TestSubject blurred() {
    return copy(sunglasses, dark, overexposed, true, eyesClosed, small, occluded, yaw, pitch, roll);
  }

  /**
   * Returns this subject with closed eyes.
   *
   * @return the subject
   */
  public TestSubject eyesClosed() {
    return copy(sunglasses, dark, overexposed, blurred, true, small, occluded, yaw, pitch, roll);
  }

  /**
   * Returns this subject far from the camera: the face is drawn about 36 pixels wide, smaller than
   * every preset gate accepts.
   *
   * @return the subject
   */
  public TestSubject small() {
    return copy(sunglasses, dark, overexposed, blurred, eyesClosed, true, occluded, yaw, pitch, roll);
  }

  /**
   * Returns this subject with the lower half of the face hidden by a mask.
   *
   * @return the subject
   */
  public TestSubject occluded() {
    return copy(sunglasses, dark, overexposed, blurred, eyesClosed, small, true, yaw, pitch, roll);
  }

  /**
   * Returns this subject with the head turned sideways by {@value #TURNED_YAW} degrees.
   *
   * @return the subject
   */
  public TestSubject turned() {
    return pose(TURNED_YAW, pitch, roll);
  }

  /**
   * Returns this subject with the given head pose, in whole degrees.
   *
   * @param yaw left/right, -90 to 90
   * @param pitch up/down, -90 to 90
   * @param roll tilt, -90 to 90
   * @return the subject
   * @throws IllegalArgumentException if an angle is outside -90 to 90
   */
  public TestSubject pose(int yaw, int pitch, int roll) {
    for (int angle : new int[] {yaw, pitch, roll}) {
      if (angle < -90 || angle > 90) {
        throw new IllegalArgumentException("Test poses are -90 to 90 degrees, got " + angle);
      }
    }
    return copy(sunglasses, dark, overexposed, blurred, eyesClosed, small, occluded, yaw, pitch, roll);
  }

  /**
   * Returns a different person, {@code name}, who looks like this subject: every comparison of
   * their faces with this subject's faces scores {@code similarity} (rounded to 0.001), while
   * images of one person still score as the same person. Use it to test thresholds:
   *
   * <pre>{@code
   * TestSubject mallory = TestFaces.subject("alice").lookalike("mallory", 0.97);
   * }</pre>
   *
   * <p>The resemblance travels with the look-alike's images: a plain {@code
   * TestFaces.subject("mallory")} is a stranger to alice.
   *
   * @param name the look-alike's name, not this subject's
   * @param similarity how alike the two are, 0 to 1
   * @return the look-alike, drawn without this subject's modifiers
   * @throws IllegalArgumentException if {@code similarity} is not in [0, 1] or {@code name} is this
   *     subject's
   */
  public TestSubject lookalike(String name, double similarity) {
    TestSubject other = named(name);
    if (other.identity.equals(identity)) {
      throw new IllegalArgumentException("A look-alike must be a different person");
    }
    Similarity rounded = Similarity.ofRatio(Math.round(Similarity.ofRatio(similarity).ratio() * 1000) / 1000.0);
    return new TestSubject(
        other.name, other.identity, false, false, false, false, false, false, false, 0, 0, 0,
        identity, rounded);
  }

  /**
   * Returns an image of this subject alone, as a PNG. Images with different indexes are different
   * photos of the same person; the same index gives the same bytes.
   *
   * @param index the photo's number, 0 to {@value TestFaces#MAX_INDEX}
   * @return the image
   * @throws IllegalArgumentException if {@code index} is out of range
   */
  public FaceImage image(int index) {
    return TestFaces.group(index, this);
  }

  /**
   * Returns the subject this one is a look-alike of, as an identity.
   *
   * @return the identity, or empty if this subject is no look-alike
   */
  public Optional<String> resembles() {
    return Optional.ofNullable(resembles);
  }

  /**
   * Returns the similarity to the subject this one is a look-alike of.
   *
   * @return the similarity, or empty if this subject is no look-alike
   */
  public Optional<Similarity> resemblance() {
    return Optional.ofNullable(resemblance);
  }

  boolean sunglassesOn() {
    return sunglasses;
  }

  boolean isDark() {
    return dark;
  }

  boolean isOverexposed() {
    return overexposed;
  }

  boolean isBlurred() {
    return blurred;
  }

  boolean isEyesClosed() {
    return eyesClosed;
  }

  boolean isSmall() {
    return small;
  }

  boolean isOccluded() {
    return occluded;
  }

  /** Returns everything that decides how this subject is drawn, as a cache key. */
  String drawingKey() {
    return identity + '/' + sunglasses + dark + overexposed + blurred + eyesClosed + small + occluded
        + '/' + yaw + ',' + pitch + ',' + roll + '/' + resembles + '=' + resemblance;
  }

  Pose headPose() {
    return Pose.of(yaw, pitch, roll);
  }

  private TestSubject copy(
      boolean sunglasses,
      boolean dark,
      boolean overexposed,
      boolean blurred,
      boolean eyesClosed,
      boolean small,
      boolean occluded,
      int yaw,
      int pitch,
      int roll) {
    return new TestSubject(
        name, identity, sunglasses, dark, overexposed, blurred, eyesClosed, small, occluded, yaw,
        pitch, roll, resembles, resemblance);
  }

  /** Returns {@code TestSubject[alice]}, with the modifiers that are set. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("TestSubject[").append(name);
    if (sunglasses) {
      s.append(", sunglasses");
    }
    if (dark) {
      s.append(", dark");
    }
    if (overexposed) {
      s.append(", overexposed");
    }
    if (blurred) {
      s.append(", blurred");
    }
    if (eyesClosed) {
      s.append(", eyes closed");
    }
    if (small) {
      s.append(", small");
    }
    if (occluded) {
      s.append(", occluded");
    }
    if (yaw != 0 || pitch != 0 || roll != 0) {
      s.append(", pose ").append(yaw).append('/').append(pitch).append('/').append(roll);
    }
    if (resemblance != null) {
      s.append(", look-alike ").append(resemblance);
    }
    return s.append(']').toString();
  }
}
