package io.github.idvkit;

import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/** What {@link IdentityVerifier#login} decided, with the score behind the decision. */
@Value.Immutable
public interface LoginResult {

  /** The decision. */
  LoginDecision decision();

  /** The claimed user. */
  UserId userId();

  /** The similarity of the selfie to the claimed user's best face, when the search found it. */
  Optional<Similarity> similarity();

  /** The claimed user's best-matching face, when reported. */
  Optional<FaceId> matchedFace();

  /** Why the selfie failed the quality gate; empty otherwise. */
  Set<QualityIssue> qualityIssues();

  /**
   * Tells whether the claimed user is verified.
   *
   * @return {@code true} for {@link LoginDecision#VERIFIED}
   */
  default boolean verified() {
    return decision() == LoginDecision.VERIFIED;
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  static Builder builder() {
    return new Builder();
  }

  /** Builds {@link LoginResult}. */
  final class Builder extends ImmutableLoginResult.Builder {}
}
