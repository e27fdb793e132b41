package io.github.idvkit.spi;

import java.util.Optional;
import org.immutables.value.Value;

/** What a {@link FaceIndex} says about its collection. */
@Value.Immutable
public interface CollectionInfo {

  /** The provider, for example {@code "rekognition"}. */
  String provider();

  /** The collection's id. */
  String collectionId();

  /** The face model the collection is pinned to, if the provider reports one. */
  Optional<String> modelVersion();

  /** How many faces the collection holds. */
  long faceCount();

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  static Builder builder() {
    return new Builder();
  }

  /** Builds {@link CollectionInfo}. */
  final class Builder extends ImmutableCollectionInfo.Builder {}
}
