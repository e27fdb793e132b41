package io.github.idvkit;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * What {@link IdentityVerifier#register} decided, with the scores behind the decision.
 *
 * <p>Which values each decision carries (✓ always, ○ when measured, – never):
 *
 * <table>
 *   <caption>Values per decision</caption>
 *   <tr><th>decision</th><th>faceId, image</th><th>existingUser</th><th>idSimilarity</th>
 *       <th>duplicateSimilarity</th><th>qualityIssues</th><th>livenessConfidence</th>
 *       <th>retryAfter</th></tr>
 *   <tr><td>{@code REGISTERED}</td><td>✓</td><td>–</td><td>○ with an ID photo</td>
 *       <td>○ the closest other user, below the threshold</td><td>–</td><td>&lowast;</td><td>–</td></tr>
 *   <tr><td>{@code FACE_ALREADY_REGISTERED}</td><td>–</td><td>✓ the face's owner</td>
 *       <td>○ with an ID photo</td><td>✓</td><td>–</td><td>&lowast;</td><td>–</td></tr>
 *   <tr><td>{@code DUPLICATE_SUSPECTED}</td><td>–</td><td>✓ the user the face resembles</td>
 *       <td>○ with an ID photo</td><td>✓</td><td>–</td><td>&lowast;</td><td>–</td></tr>
 *   <tr><td>{@code USER_ALREADY_REGISTERED}</td><td>–</td><td>✓ the request's user</td><td>–</td>
 *       <td>–</td><td>–</td><td>&lowast;</td><td>–</td></tr>
 *   <tr><td>{@code REGISTRATION_IN_PROGRESS}</td><td>–</td><td>–</td><td>–</td><td>–</td><td>–</td><td>&lowast;</td><td>–</td></tr>
 *   <tr><td>{@code ID_NOT_MATCHED}</td><td>–</td><td>–</td>
 *       <td>○ when the ID photo's face was compared</td><td>–</td><td>–</td><td>&lowast;</td><td>–</td></tr>
 *   <tr><td>{@code USER_NOT_MATCHED}</td><td>–</td><td>–</td><td>○ with an ID photo</td><td>–</td>
 *       <td>–</td><td>&lowast;</td><td>–</td></tr>
 *   <tr><td>{@code ID_PHOTO_NO_FACE}, {@code ID_PHOTO_MULTIPLE_FACES}</td><td>–</td><td>–</td><td>–</td><td>–</td><td>–</td><td>&lowast;</td><td>–</td></tr>
 *   <tr><td>{@code NO_FACE}, {@code MULTIPLE_FACES}, {@code LOW_QUALITY}</td><td>–</td><td>–</td>
 *       <td>–</td><td>–</td><td>✓</td><td>&lowast;</td><td>–</td></tr>
 *   <tr><td>{@code LIVENESS_FAILED}</td><td>–</td><td>–</td><td>–</td><td>–</td><td>–</td>
 *       <td>○ when the check ran</td><td>–</td></tr>
 *   <tr><td>{@code LIVENESS_EXPIRED}, {@code LIVENESS_ALREADY_USED}, {@code LIVENESS_NOT_FOUND},
 *       {@code LIVENESS_NOT_FOR_USER}</td><td>–</td><td>–</td><td>–</td><td>–</td><td>–</td>
 *       <td>–</td><td>–</td></tr>
 *   <tr><td>{@code LOCKED_OUT}</td><td>–</td><td>–</td><td>–</td><td>–</td><td>–</td><td>–</td>
 *       <td>✓ positive</td></tr>
 * </table>
 *
 * <p>&lowast; {@code livenessConfidence}: ✓ on every decision reached with a liveness session that
 * passed the liveness check, – with a selfie.
 *
 * <p>{@link #replayed()} is {@code true} only on a {@code REGISTERED} that repeats an earlier run
 * of the same request; a replay carries the face and image, not the scores.
 */
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
   * the user it resembles, with {@link RegisterDecision#DUPLICATE_SUSPECTED}; the request's own
   * user, with {@link RegisterDecision#USER_ALREADY_REGISTERED}.
   */
  Optional<UserId> existingUser();

  /** The similarity to the closest registered user, when the duplicate search ran and found one. */
  Optional<Similarity> duplicateSimilarity();

  /**
   * The liveness check's confidence, when the request came with a liveness session whose check
   * ran. For the server's records; never send it to the client (it helps an attacker tune).
   */
  Optional<LivenessConfidence> livenessConfidence();

  /** How long to wait before the next attempt, with {@link RegisterDecision#LOCKED_OUT}. */
  Optional<Duration> retryAfter();

  /** Whether this result repeats an earlier registration of the same request (idempotent replay). */
  @Value.Default
  default boolean replayed() {
    return false;
  }

  /** Checks that a result carries what its decision promises (see the table above). */
  @Value.Check
  default void check() {
    switch (decision()) {
      case REGISTERED -> require(faceId().isPresent() && image().isPresent(), "a face and an image");
      case FACE_ALREADY_REGISTERED, USER_ALREADY_REGISTERED -> require(existingUser().isPresent(), "the existing user");
      case DUPLICATE_SUSPECTED -> require(
          existingUser().isPresent() && duplicateSimilarity().isPresent(), "the suspected user and the similarity");
      case NO_FACE, MULTIPLE_FACES, LOW_QUALITY -> require(!qualityIssues().isEmpty(), "its quality issues");
      case LOCKED_OUT -> require(
          retryAfter().isPresent() && !retryAfter().get().isNegative() && !retryAfter().get().isZero(),
          "a positive retryAfter");
      case LIVENESS_EXPIRED, LIVENESS_ALREADY_USED, LIVENESS_NOT_FOUND, LIVENESS_NOT_FOR_USER ->
          require(livenessConfidence().isEmpty() && faceId().isEmpty(), "no confidence and no face");
      default -> { }
    }
    if (decision() != RegisterDecision.LOCKED_OUT && retryAfter().isPresent()) {
      throw new IllegalArgumentException("Only a LOCKED_OUT result carries retryAfter");
    }
  }

  private void require(boolean present, String what) {
    if (!present) {
      throw new IllegalArgumentException("A " + decision() + " result carries " + what);
    }
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
