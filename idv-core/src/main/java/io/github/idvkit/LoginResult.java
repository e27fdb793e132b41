package io.github.idvkit;

import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * What {@link IdentityVerifier#login} decided, with the score behind the decision.
 *
 * <p>Which values each decision carries (✓ always, ○ when measured, – never):
 *
 * <table>
 *   <caption>Values per decision</caption>
 *   <tr><th>decision</th><th>similarity</th><th>matchedFace</th><th>qualityIssues</th></tr>
 *   <tr><td>{@code VERIFIED}</td><td>✓</td><td>○ when the index names faces (not on a user-level
 *       search such as Rekognition's Users API)</td><td>–</td></tr>
 *   <tr><td>{@code NOT_MATCHED}</td><td>○ when the claimed user was found, below the threshold or
 *       behind another user</td><td>○ as above</td><td>–</td></tr>
 *   <tr><td>{@code NOT_REGISTERED}</td><td>–</td><td>–</td><td>–</td></tr>
 *   <tr><td>{@code NO_FACE}, {@code MULTIPLE_FACES}, {@code LOW_QUALITY}</td><td>–</td><td>–</td>
 *       <td>✓</td></tr>
 * </table>
 */
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

  /** Checks that a result carries what its decision promises (see the table above). */
  @Value.Check
  default void check() {
    boolean gate = decision() == LoginDecision.NO_FACE || decision() == LoginDecision.MULTIPLE_FACES
        || decision() == LoginDecision.LOW_QUALITY;
    if (decision() == LoginDecision.VERIFIED && similarity().isEmpty()) {
      throw new IllegalArgumentException("A VERIFIED result carries its similarity");
    }
    if (gate && qualityIssues().isEmpty()) {
      throw new IllegalArgumentException("A " + decision() + " result carries its quality issues");
    }
  }

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
