package io.github.idvkit.spi;

import io.github.idvkit.FaceImage;
import io.github.idvkit.LivenessConfidence;
import io.github.idvkit.LivenessSessionId;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What a provider reports about a liveness session. {@code toString()} never shows image bytes.
 */
@Value.Immutable
public interface LivenessResult {

  /** The session. */
  LivenessSessionId sessionId();

  /** Where the session stands. */
  LivenessState state();

  /** How sure the provider is that a live person was there, when the check ran. */
  Optional<LivenessConfidence> confidence();

  /** The high-quality frame of the face, for comparison and search, when the provider returned one. */
  @Value.Redacted
  Optional<FaceImage> referenceImage();

  /** Further frames for audit, as many as the session asked for at most. */
  @Value.Redacted
  List<FaceImage> auditImages();

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  static Builder builder() {
    return new Builder();
  }

  /** Builds {@link LivenessResult}. */
  final class Builder extends ImmutableLivenessResult.Builder {}
}
