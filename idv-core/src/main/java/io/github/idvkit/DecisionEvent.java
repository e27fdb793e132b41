package io.github.idvkit;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * One decision of a flow, for an audit trail: which flow, what it decided, the scores and the
 * thresholds they were held against, the quality issues and the face model. Never image bytes.
 *
 * <p>Score and threshold names are {@code "idMatch"}, {@code "duplicate"}, {@code "login"}, {@code
 * "identify"} and {@code "identifyRunnerUp"}.
 */
@Value.Immutable
public interface DecisionEvent {

  /** The flow. */
  Flow flow();

  /** The decision, the name of the flow's decision enum constant (for example {@code "VERIFIED"}). */
  String decision();

  /** The user the flow concerned, if any. {@link UserId#toString()} is masked. */
  Optional<UserId> userId();

  /** The registration's idempotency key, for {@link Flow#REGISTER}. */
  Optional<String> requestId();

  /** The scores the decision used, by name. */
  Map<String, Similarity> scores();

  /** The thresholds the scores were held against, by name. */
  Map<String, Similarity> thresholds();

  /** The quality issues found, if the selfie failed the gate. */
  Set<QualityIssue> qualityIssues();

  /** The face model that produced the scores, if the provider reports one. */
  Optional<String> modelVersion();

  /** When the decision was made, by the verifier's clock. */
  Instant decidedAt();

  /** How long the flow took. */
  Duration elapsed();

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  static Builder builder() {
    return new Builder();
  }

  /** Builds {@link DecisionEvent}. */
  final class Builder extends ImmutableDecisionEvent.Builder {}
}
