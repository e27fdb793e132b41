package io.github.idvkit.examples;

import io.github.idvkit.IdentifyDecision;
import io.github.idvkit.LoginDecision;
import io.github.idvkit.QualityIssue;
import io.github.idvkit.RegisterDecision;
import io.github.idvkit.Similarity;
import java.util.Collection;
import java.util.Optional;
import java.util.stream.Collectors;

/** Words and exit codes for the verifier's decisions, shared by the tutorial programs and {@code idv}. */
public final class Outcomes {

  private Outcomes() {}

  /**
   * Returns the exit code of a registration.
   *
   * @param decision the decision
   * @return the exit code
   */
  public static ExitCode exitCode(RegisterDecision decision) {
    return switch (decision) {
      case REGISTERED -> ExitCode.OK;
      case FACE_ALREADY_REGISTERED, DUPLICATE_SUSPECTED, USER_ALREADY_REGISTERED, USER_NOT_MATCHED, ID_NOT_MATCHED ->
          ExitCode.REFUSED;
      case LIVENESS_FAILED, LIVENESS_EXPIRED, LIVENESS_ALREADY_USED, LIVENESS_NOT_FOUND,
          LIVENESS_NOT_FOR_USER, LOCKED_OUT -> ExitCode.REFUSED;
      case REGISTRATION_IN_PROGRESS -> ExitCode.PROVIDER;
      case ID_PHOTO_NO_FACE, ID_PHOTO_MULTIPLE_FACES, NO_FACE, MULTIPLE_FACES, LOW_QUALITY -> ExitCode.BAD_INPUT;
    };
  }

  /**
   * Returns the exit code of a login.
   *
   * @param decision the decision
   * @return the exit code
   */
  public static ExitCode exitCode(LoginDecision decision) {
    return switch (decision) {
      case VERIFIED -> ExitCode.OK;
      case NOT_MATCHED, NOT_REGISTERED -> ExitCode.REFUSED;
      case LIVENESS_FAILED, LIVENESS_EXPIRED, LIVENESS_ALREADY_USED, LIVENESS_NOT_FOUND,
          LIVENESS_NOT_FOR_USER, LOCKED_OUT -> ExitCode.REFUSED;
      case NO_FACE, MULTIPLE_FACES, LOW_QUALITY -> ExitCode.BAD_INPUT;
    };
  }

  /**
   * Returns the exit code of an identification.
   *
   * @param decision the decision
   * @return the exit code
   */
  public static ExitCode exitCode(IdentifyDecision decision) {
    return switch (decision) {
      case IDENTIFIED -> ExitCode.OK;
      case NOT_RECOGNIZED -> ExitCode.REFUSED;
      case NO_FACE, MULTIPLE_FACES, LOW_QUALITY -> ExitCode.BAD_INPUT;
    };
  }

  /**
   * Says what to do about quality issues.
   *
   * @param issues the issues
   * @return such as {@code too dark (use more light), blurred (hold the camera still)}
   */
  public static String advice(Collection<QualityIssue> issues) {
    return issues.stream().sorted().map(Outcomes::advice).collect(Collectors.joining(", "));
  }

  /**
   * Says why a photo cannot be used.
   *
   * @param decision the decision ({@code NO_FACE}, {@code MULTIPLE_FACES}, {@code LOW_QUALITY})
   * @param issues the quality issues the verifier reported
   * @return the advice
   */
  public static String photoProblem(Enum<?> decision, Collection<QualityIssue> issues) {
    if (!issues.isEmpty()) {
      return advice(issues);
    }
    return switch (decision.name()) {
      case "NO_FACE" -> advice(QualityIssue.NO_FACE);
      case "MULTIPLE_FACES" -> advice(QualityIssue.MULTIPLE_FACES);
      default -> "the photo does not pass the quality checks";
    };
  }

  private static String advice(QualityIssue issue) {
    return switch (issue) {
      case NO_FACE -> "no face found (use a photo of one face)";
      case MULTIPLE_FACES -> "several faces (use a photo of one person)";
      case LOW_CONFIDENCE -> "the face is unclear (use a sharper, frontal photo)";
      case TOO_DARK -> "too dark (use more light)";
      case TOO_BRIGHT -> "overexposed (use less light)";
      case BLURRY -> "blurred (hold the camera still)";
      case POSE -> "the head is turned (look at the camera)";
      case EYES_CLOSED -> "eyes closed (open them)";
      case SUNGLASSES -> "sunglasses (take them off)";
      case OCCLUDED -> "the face is covered (uncover it)";
      case FACE_TOO_SMALL -> "the face is too small (come closer)";
      case NOT_MEASURED -> "a required check could not be measured";
      case LOW_QUALITY -> "the photo quality is too low (use a sharper, well-lit, frontal photo)";
      case OTHER_PROVIDER_REASON -> "the provider refused the face (try another photo)";
    };
  }

  /**
   * Shows a score against its threshold.
   *
   * @param score the score, if any
   * @param threshold the threshold
   * @return such as {@code 88.19% >= 62.50%}, or {@code no score}
   */
  public static String versus(Optional<Similarity> score, Similarity threshold) {
    if (score.isEmpty()) {
      return "no score";
    }
    Similarity s = score.get();
    return s + (s.isAtLeast(threshold) ? " >= " : " < ") + threshold;
  }
}
