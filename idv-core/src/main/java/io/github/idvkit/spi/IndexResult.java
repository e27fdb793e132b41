package io.github.idvkit.spi;

import io.github.idvkit.QualityIssue;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/** What {@link FaceIndex#index} did: the indexed face, or why it indexed none. */
@Value.Immutable
public interface IndexResult {

  /** The indexed face, absent if none was indexed. */
  Optional<IndexedFace> indexed();

  /** Why no face was indexed (for example {@link QualityIssue#NO_FACE}); empty when one was. */
  Set<QualityIssue> notIndexedReasons();

  /** Checks that a result is either indexed or has reasons. */
  @Value.Check
  default void check() {
    if (indexed().isPresent() == !notIndexedReasons().isEmpty()) {
      throw new IllegalArgumentException(
          "An index result holds either an indexed face or the reasons none was indexed");
    }
  }

  /**
   * Returns a result for an indexed face.
   *
   * @param face the face
   * @return the result
   */
  static IndexResult of(IndexedFace face) {
    return ImmutableIndexResult.builder().indexed(face).build();
  }

  /**
   * Returns a result for an image whose face was not indexed.
   *
   * @param reasons why
   * @return the result
   */
  static IndexResult notIndexed(Set<QualityIssue> reasons) {
    return ImmutableIndexResult.builder().notIndexedReasons(reasons).build();
  }
}
