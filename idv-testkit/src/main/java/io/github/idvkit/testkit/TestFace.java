package io.github.idvkit.testkit;

import io.github.idvkit.BoundingBox;
import io.github.idvkit.Pose;
import io.github.idvkit.Similarity;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One face a {@link TestFaces} image declares in its pixels: whose face it is, where it is, and
 * the quality faults it was drawn with. The fakes turn it into the facts a provider would report.
 */
@Value.Immutable
public interface TestFace {

  /**
   * The subject's identity: 8 hex characters of the SHA-256 of the subject's name, as {@link
   * TestSubject#identity()} returns it.
   */
  String identity();

  /** Where the face is, as ratios of the image's width and height. */
  BoundingBox box();

  /** Whether the face wears sunglasses. */
  boolean sunglasses();

  /** Whether the face is drawn too dark. */
  boolean dark();

  /** Whether the face is drawn over-exposed. */
  boolean overexposed();

  /** Whether the face is blurred. */
  boolean blurred();

  /** Whether the eyes are closed. */
  boolean eyesClosed();

  /** Whether the face is drawn small. */
  boolean small();

  /** Whether part of the face is hidden (by a mask). */
  boolean occluded();

  /** The head pose, in whole degrees. */
  Pose pose();

  /** The identity of the subject this face is a look-alike of, if it is one. */
  Optional<String> resembles();

  /** How similar this face is to the subject it {@link #resembles()}, if it is a look-alike. */
  Optional<Similarity> resemblance();

  /** Checks a resemblance names both the subject and the similarity. */
  @Value.Check
  default void check() {
    if (resembles().isPresent() != resemblance().isPresent()) {
      throw new IllegalArgumentException("A look-alike needs both the subject and the similarity");
    }
    if (!identity().matches("[0-9a-f]{8}")) {
      throw new IllegalArgumentException("An identity is 8 lower-case hex characters");
    }
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  static Builder builder() {
    return new Builder();
  }

  /** Builds {@link TestFace}. */
  final class Builder extends ImmutableTestFace.Builder {}
}
