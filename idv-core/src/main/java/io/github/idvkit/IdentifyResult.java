package io.github.idvkit;

import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * What {@link IdentityVerifier#identify} decided, with the scores behind the decision.
 *
 * <p>Which values each decision carries (✓ always, ○ when measured, – never):
 *
 * <table>
 *   <caption>Values per decision</caption>
 *   <tr><th>decision</th><th>userId</th><th>similarity</th><th>runnerUpSimilarity</th>
 *       <th>qualityIssues</th></tr>
 *   <tr><td>{@code IDENTIFIED}</td><td>✓</td><td>✓</td><td>○ when another user was found</td>
 *       <td>–</td></tr>
 *   <tr><td>{@code NOT_RECOGNIZED}</td><td>–</td><td>○ when anyone was found</td>
 *       <td>○ when another user was found</td><td>–</td></tr>
 *   <tr><td>{@code NO_FACE}, {@code MULTIPLE_FACES}, {@code LOW_QUALITY}</td><td>–</td><td>–</td>
 *       <td>–</td><td>✓</td></tr>
 * </table>
 */
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

  /** Checks that a result carries what its decision promises (see the table above). */
  @Value.Check
  default void check() {
    if (decision() == IdentifyDecision.IDENTIFIED && (userId().isEmpty() || similarity().isEmpty())) {
      throw new IllegalArgumentException("An IDENTIFIED result carries the user and the similarity");
    }
    if (decision() != IdentifyDecision.IDENTIFIED && userId().isPresent()) {
      throw new IllegalArgumentException("Only an IDENTIFIED result names a user");
    }
  }

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
