package io.github.idvkit.spi;

import io.github.idvkit.DetectedFace;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/** What a {@link FaceDetector} found. */
@Value.Immutable
public interface DetectionResult {

  /** The faces found, largest first; empty when there is none. */
  List<DetectedFace> faces();

  /** The provider's model version, if it reports one. */
  Optional<String> modelVersion();

  /**
   * Returns a result holding {@code faces}.
   *
   * @param faces the faces, largest first
   * @return the result
   */
  static DetectionResult of(List<DetectedFace> faces) {
    return builder().faces(faces).build();
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  static Builder builder() {
    return new Builder();
  }

  /** Builds {@link DetectionResult}. */
  final class Builder extends ImmutableDetectionResult.Builder {}
}
