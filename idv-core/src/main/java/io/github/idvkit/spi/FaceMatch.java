package io.github.idvkit.spi;

import io.github.idvkit.FaceId;
import io.github.idvkit.Similarity;
import io.github.idvkit.UserId;
import java.util.Optional;
import org.immutables.value.Value;

/** A user found by {@link FaceIndex#search}, with the similarity of their best face. */
@Value.Immutable
public interface FaceMatch {

  /** The user. */
  UserId userId();

  /** The similarity of the user's best face to the probe. */
  Similarity similarity();

  /** The best face's id, if the provider reports faces (a user-level search may not). */
  Optional<FaceId> faceId();

  /**
   * Returns a match.
   *
   * @param userId the user
   * @param similarity the best face's similarity
   * @param faceId the best face
   * @return the match
   */
  static FaceMatch of(UserId userId, Similarity similarity, FaceId faceId) {
    return builder().userId(userId).similarity(similarity).faceId(faceId).build();
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  static Builder builder() {
    return new Builder();
  }

  /** Builds {@link FaceMatch}. */
  final class Builder extends ImmutableFaceMatch.Builder {}
}
