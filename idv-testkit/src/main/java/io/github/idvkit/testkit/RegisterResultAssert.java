package io.github.idvkit.testkit;

import io.github.idvkit.QualityIssue;
import io.github.idvkit.RegisterDecision;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.Similarity;
import io.github.idvkit.UserId;
import java.util.Arrays;
import java.util.Objects;
import org.assertj.core.api.AbstractObjectAssert;

/** Assertions on a {@link RegisterResult}; start with {@link IdvAssertions#assertThat(RegisterResult)}. */
public final class RegisterResultAssert
    extends AbstractObjectAssert<RegisterResultAssert, RegisterResult> {

  RegisterResultAssert(RegisterResult actual) {
    super(actual, RegisterResultAssert.class);
  }

  private String describe() {
    return Describing.register(actual);
  }

  /**
   * Verifies the user was registered.
   *
   * @return this
   */
  public RegisterResultAssert isRegistered() {
    return hasDecision(RegisterDecision.REGISTERED);
  }

  /**
   * Verifies the user was not registered, whatever the reason.
   *
   * @return this
   */
  public RegisterResultAssert isNotRegistered() {
    isNotNull();
    if (actual.registered()) {
      failWithMessage("Expected the registration to be refused, but it was %s", describe());
    }
    return this;
  }

  /**
   * Verifies the decision.
   *
   * @param expected the decision
   * @return this
   */
  public RegisterResultAssert hasDecision(RegisterDecision expected) {
    isNotNull();
    Objects.requireNonNull(expected, "expected");
    if (actual.decision() != expected) {
      failWithMessage("Expected the registration to be %s, but it was %s", expected, describe());
    }
    return this;
  }

  /**
   * Verifies the face already belongs to {@code existing}.
   *
   * @param existing the registered user
   * @return this
   */
  public RegisterResultAssert isAlreadyRegisteredAs(UserId existing) {
    hasDecision(RegisterDecision.FACE_ALREADY_REGISTERED);
    if (!actual.existingUser().equals(java.util.Optional.of(existing))) {
      failWithMessage(
          "Expected the face to belong to %s, but the registration named %s", existing,
          actual.existingUser().map(Object::toString).orElse("no one"));
    }
    return this;
  }

  /**
   * Verifies the face already belongs to a user with the application id {@code existing}.
   *
   * @param existing the registered user's id
   * @return this
   */
  public RegisterResultAssert isAlreadyRegisteredAs(String existing) {
    return isAlreadyRegisteredAs(UserId.of(existing));
  }

  /**
   * Verifies the selfie failed the quality gate for at least these issues.
   *
   * @param issues the issues
   * @return this
   */
  public RegisterResultAssert hasQualityIssue(QualityIssue... issues) {
    isNotNull();
    if (!actual.qualityIssues().containsAll(Arrays.asList(issues))) {
      failWithMessage(
          "Expected quality issues %s, but the registration was %s", Arrays.toString(issues),
          describe());
    }
    return this;
  }

  /**
   * Verifies the selfie raised no quality issue.
   *
   * @return this
   */
  public RegisterResultAssert hasNoQualityIssues() {
    isNotNull();
    if (!actual.qualityIssues().isEmpty()) {
      failWithMessage("Expected no quality issues, but the registration was %s", describe());
    }
    return this;
  }

  /**
   * Verifies the result repeats an earlier registration of the same request.
   *
   * @return this
   */
  public RegisterResultAssert isReplayed() {
    isNotNull();
    if (!actual.replayed()) {
      failWithMessage("Expected a replay of an earlier registration, but it was a new one: %s", describe());
    }
    return this;
  }

  /**
   * Verifies the result is not a replay.
   *
   * @return this
   */
  public RegisterResultAssert isNotReplayed() {
    isNotNull();
    if (actual.replayed()) {
      failWithMessage("Expected a new registration, but it replayed an earlier one: %s", describe());
    }
    return this;
  }

  /**
   * Verifies the ID photo was compared and matched the selfie with at least {@code threshold}.
   *
   * @param threshold the lowest similarity
   * @return this
   */
  public RegisterResultAssert hasIdSimilarityAtLeast(Similarity threshold) {
    isNotNull();
    if (actual.idSimilarity().filter(s -> s.isAtLeast(threshold)).isEmpty()) {
      failWithMessage(
          "Expected an ID photo similarity of at least %s, but the registration was %s", threshold,
          describe());
    }
    return this;
  }
}
