package io.github.idvkit.spi;

import io.github.idvkit.BoundingBox;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.immutables.value.Value;

/** What a {@link FaceComparer} found: the source face and every target face with its similarity. */
@Value.Immutable
public interface Comparison {

  /** The largest face of the source image, absent when the source has no face. */
  Optional<BoundingBox> sourceFace();

  /**
   * How many faces the source image shows, if the provider counts them. Rekognition's {@code
   * CompareFaces} reports only the largest source face, so it stays absent there; core refuses an ID
   * photo with several faces only where the count is known.
   */
  OptionalInt sourceFaceCount();

  /** Every face of the target with its similarity to the source face, highest first. */
  List<ComparedFace> targetFaces();

  /**
   * Faces of the target the provider found but reported no similarity for, such as the faces
   * Rekognition's {@code CompareFaces} lists as {@code UnmatchedFaces}; empty for providers that
   * score every face. A missing score is never reported as a similarity of zero.
   */
  List<BoundingBox> unmatchedFaces();

  /**
   * Returns the best-matching target face, if any.
   *
   * @return the target face with the highest similarity
   */
  default Optional<ComparedFace> bestMatch() {
    return targetFaces().stream().findFirst();
  }

  /** Checks target faces are ordered and exist only with a source face. */
  @Value.Check
  default void check() {
    if (sourceFace().isEmpty() && !(targetFaces().isEmpty() && unmatchedFaces().isEmpty())) {
      throw new IllegalArgumentException("Target faces need a source face to be compared with");
    }
    for (int i = 1; i < targetFaces().size(); i++) {
      if (targetFaces().get(i).similarity().compareTo(targetFaces().get(i - 1).similarity()) > 0) {
        throw new IllegalArgumentException("Target faces must be ordered by similarity, highest first");
      }
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

  /** Builds {@link Comparison}. */
  final class Builder extends ImmutableComparison.Builder {}
}
