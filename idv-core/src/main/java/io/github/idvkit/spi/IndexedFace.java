package io.github.idvkit.spi;

import io.github.idvkit.DetectedFace;
import io.github.idvkit.FaceId;
import io.github.idvkit.UserId;
import java.util.Optional;
import org.immutables.value.Value;

/** A face stored in a {@link FaceIndex}. */
@Value.Immutable
public interface IndexedFace {

  /** The provider's id of the face. */
  FaceId faceId();

  /** The face's owner. */
  UserId userId();

  /** The provider, for example {@code "rekognition"}. */
  String provider();

  /** The collection holding the face. */
  String collectionId();

  /** The face model that made the template, if the provider reports one. */
  Optional<String> modelVersion();

  /** What the provider measured when it indexed the face, if it reports it. */
  Optional<DetectedFace> face();

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  static Builder builder() {
    return new Builder();
  }

  /** Builds {@link IndexedFace}. */
  final class Builder extends ImmutableIndexedFace.Builder {}
}
