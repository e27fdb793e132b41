package io.github.idvkit;

import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/** What {@link IdentityVerifier#register} decided, with the scores behind the decision. */
@Value.Immutable
public interface RegisterResult {

  /** The decision. */
  RegisterDecision decision();

  /** The user the request named. */
  UserId userId();

  /** The idempotency key the registration ran under. */
  String requestId();

  /** The indexed face, when {@link RegisterDecision#REGISTERED}. */
  Optional<FaceId> faceId();

  /** The stored normalised selfie, when {@link RegisterDecision#REGISTERED}. */
  Optional<StoredImage> image();

  /** Why the selfie failed the quality gate; empty otherwise. */
  Set<QualityIssue> qualityIssues();

  /** The similarity of the selfie's face to the ID photo's face, when compared. */
  Optional<Similarity> idSimilarity();

  /**
   * The registered user the face belongs to, with {@link RegisterDecision#FACE_ALREADY_REGISTERED};
   * the request's own user, with {@link RegisterDecision#USER_ALREADY_REGISTERED}.
   */
  Optional<UserId> existingUser();

  /** The similarity to the closest registered user, when the duplicate search ran and found one. */
  Optional<Similarity> duplicateSimilarity();

  /** Whether this result repeats an earlier registration of the same request (idempotent replay). */
  @Value.Default
  default boolean replayed() {
    return false;
  }

  /**
   * Tells whether the user is registered by this request.
   *
   * @return {@code true} for {@link RegisterDecision#REGISTERED}
   */
  default boolean registered() {
    return decision() == RegisterDecision.REGISTERED;
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  static Builder builder() {
    return new Builder();
  }

  /** Builds {@link RegisterResult}. */
  final class Builder extends ImmutableRegisterResult.Builder {}
}
