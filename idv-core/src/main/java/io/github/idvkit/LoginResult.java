package io.github.idvkit;

import java.time.Duration;
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
 *   <tr><th>decision</th><th>similarity</th><th>matchedFace</th><th>qualityIssues</th>
 *       <th>livenessConfidence</th><th>retryAfter</th></tr>
 *   <tr><td>{@code VERIFIED}</td><td>✓</td><td>○ when the index names faces (not on a user-level
 *       search such as Rekognition's Users API)</td><td>–</td><td>&lowast;</td><td>–</td></tr>
 *   <tr><td>{@code NOT_MATCHED}</td><td>○ when the claimed user was found, below the threshold or
 *       behind another user</td><td>○ as above</td><td>–</td><td>&lowast;</td><td>–</td></tr>
 *   <tr><td>{@code NOT_REGISTERED}</td><td>–</td><td>–</td><td>–</td><td>&lowast;</td><td>–</td></tr>
 *   <tr><td>{@code NO_FACE}, {@code MULTIPLE_FACES}, {@code LOW_QUALITY}</td><td>–</td><td>–</td>
 *       <td>✓</td><td>&lowast;</td><td>–</td></tr>
 *   <tr><td>{@code LIVENESS_FAILED}</td><td>–</td><td>–</td><td>–</td><td>○ when the check
 *       ran</td><td>–</td></tr>
 *   <tr><td>{@code LIVENESS_EXPIRED}, {@code LIVENESS_ALREADY_USED}, {@code LIVENESS_NOT_FOUND},
 *       {@code LIVENESS_NOT_FOR_USER}</td><td>–</td><td>–</td><td>–</td><td>–</td><td>–</td></tr>
 *   <tr><td>{@code LOCKED_OUT}</td><td>–</td><td>–</td><td>–</td><td>–</td><td>✓ positive</td></tr>
 * </table>
 *
 * <p>&lowast; {@code livenessConfidence}: ✓ on every decision reached with a liveness session that
 * passed the liveness check, – with a selfie.
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

  /**
   * The liveness check's confidence, when the request came with a liveness session whose check
   * ran. For the server's records; never send it to the client (it helps an attacker tune).
   */
  Optional<LivenessConfidence> livenessConfidence();

  /** How long to wait before the next attempt, with {@link LoginDecision#LOCKED_OUT}. */
  Optional<Duration> retryAfter();

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
    if (decision() == LoginDecision.LOCKED_OUT
        && (retryAfter().isEmpty() || retryAfter().get().isNegative() || retryAfter().get().isZero())) {
      throw new IllegalArgumentException("A LOCKED_OUT result carries a positive retryAfter");
    }
    if (decision() != LoginDecision.LOCKED_OUT && retryAfter().isPresent()) {
      throw new IllegalArgumentException("Only a LOCKED_OUT result carries retryAfter");
    }
    boolean livenessRefused = switch (decision()) {
      case LIVENESS_EXPIRED, LIVENESS_ALREADY_USED, LIVENESS_NOT_FOUND, LIVENESS_NOT_FOR_USER -> true;
      default -> false;
    };
    if (livenessRefused && (livenessConfidence().isPresent() || similarity().isPresent())) {
      throw new IllegalArgumentException("A " + decision() + " result carries no scores");
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
