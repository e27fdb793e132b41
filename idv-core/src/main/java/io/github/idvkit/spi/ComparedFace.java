package io.github.idvkit.spi;

import io.github.idvkit.BoundingBox;
import io.github.idvkit.Similarity;
import org.immutables.value.Value;

/** A target face and its similarity to the source face. */
@Value.Immutable
public interface ComparedFace {

  /** Where the target face is. */
  BoundingBox box();

  /** Its similarity to the source face. */
  Similarity similarity();

  /**
   * Returns a compared face.
   *
   * @param box where the face is
   * @param similarity its similarity to the source face
   * @return the compared face
   */
  static ComparedFace of(BoundingBox box, Similarity similarity) {
    return ImmutableComparedFace.builder().box(box).similarity(similarity).build();
  }
}
