package io.github.idvkit;

import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/** What {@link IdentityVerifier#identify} decided, with the scores behind the decision. */
@Value.Immutable
public interface IdentifyResult {

  /** The decision. */
  IdentifyDecision decision();

  /** The identified user, when {@link IdentifyDecision#IDENTIFIED}. */
  Optional<UserId> userId();

  /** The best user's similarity, when the search found anyone. */
  Optional<Similarity> similarity();

  /** The best other user's similarity, when there is one; the margin rule compares the two. */
  Optional<Similarity> runnerUpSimilarity();

  /** Why the selfie failed the quality gate; empty otherwise. */
  Set<QualityIssue> qualityIssues();

  /**
   * Tells whether a user was identified.
   *
   * @return {@code true} for {@link IdentifyDecision#IDENTIFIED}
   */
  default boolean identified() {
    return decision() == IdentifyDecision.IDENTIFIED;
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  static Builder builder() {
    return new Builder();
  }

  /** Builds {@link IdentifyResult}. */
  final class Builder extends ImmutableIdentifyResult.Builder {}
}
