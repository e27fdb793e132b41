package io.github.idvkit.spi;

import io.github.idvkit.FaceId;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import org.immutables.value.Value;

/** The record of one indexed face. Holds no image bytes. */
@Value.Immutable
public interface FaceRecord {

  /** The face's owner. */
  UserId userId();

  /** The indexed face. */
  FaceId faceId();

  /** Where the face's normalised image is stored. */
  StoredImage image();

  /** The provider that indexed the face, for example {@code "rekognition"}. */
  String provider();

  /** The collection holding the face. */
  String collectionId();

  /** The face model that made the template, if known. */
  Optional<String> modelVersion();

  /** The detector's confidence in the face, 0 to 1, if one was measured (never invented). */
  OptionalDouble confidence();

  /** The face's brightness, 0 to 1, if measured. */
  OptionalDouble brightness();

  /** The face's sharpness, 0 to 1, if measured. */
  OptionalDouble sharpness();

  /** The idempotency key of the registration that made the record. */
  String requestId();

  /** When the record was made. */
  Instant createdAt();

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  static Builder builder() {
    return new Builder();
  }

  /** Builds {@link FaceRecord}. */
  final class Builder extends ImmutableFaceRecord.Builder {}
}
