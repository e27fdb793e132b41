package io.github.idvkit.spi;

import io.github.idvkit.DetectedFace;
import io.github.idvkit.QualityIssue;
import java.util.List;
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

  /**
   * The faces seen in the image while indexing, largest first, the indexed one first; complete
   * only if {@link #probeFacesComplete()}. Facts the index did not measure stay absent.
   */
  List<DetectedFace> probeFaces();

  /** Whether {@link #probeFaces()} lists every face of the image (whatever facts each carries). */
  @Value.Default
  default boolean probeFacesComplete() {
    return false;
  }

  /**
   * Returns this result with the faces seen in the image.
   *
   * @param faces every face of the image, largest first
   * @return the result, its face list complete
   */
  default IndexResult withProbeFaces(List<DetectedFace> faces) {
    return ImmutableIndexResult.builder().from(this).probeFaces(faces).probeFacesComplete(true).build();
  }

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
