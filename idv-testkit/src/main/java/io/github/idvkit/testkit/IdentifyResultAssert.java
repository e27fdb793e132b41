package io.github.idvkit.testkit;

import io.github.idvkit.IdentifyDecision;
import io.github.idvkit.IdentifyResult;
import io.github.idvkit.QualityIssue;
import io.github.idvkit.UserId;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.assertj.core.api.AbstractObjectAssert;

/** Assertions on an {@link IdentifyResult}; start with {@link IdvAssertions#assertThat(IdentifyResult)}. */
public final class IdentifyResultAssert
    extends AbstractObjectAssert<IdentifyResultAssert, IdentifyResult> {

  IdentifyResultAssert(IdentifyResult actual) {
    super(actual, IdentifyResultAssert.class);
  }

  /**
   * Verifies the selfie was identified as {@code expected}.
   *
   * @param expected the user
   * @return this
   */
  public IdentifyResultAssert isIdentifiedAs(UserId expected) {
    hasDecision(IdentifyDecision.IDENTIFIED);
    if (!actual.userId().equals(Optional.of(expected))) {
      failWithMessage(
          "Expected the selfie to be identified as %s, but it was %s", expected,
          Describing.identify(actual));
    }
    return this;
  }

  /**
   * Verifies the selfie was identified as the user with the application id {@code expected}.
   *
   * @param expected the user's id
   * @return this
   */
  public IdentifyResultAssert isIdentifiedAs(String expected) {
    return isIdentifiedAs(UserId.of(expected));
  }

  /**
   * Verifies nobody was recognised.
   *
   * @return this
   */
  public IdentifyResultAssert isNotRecognized() {
    return hasDecision(IdentifyDecision.NOT_RECOGNIZED);
  }

  /**
   * Verifies the decision.
   *
   * @param expected the decision
   * @return this
   */
  public IdentifyResultAssert hasDecision(IdentifyDecision expected) {
    isNotNull();
    Objects.requireNonNull(expected, "expected");
    if (actual.decision() != expected) {
      failWithMessage(
          "Expected the identification to be %s, but it was %s", expected, Describing.identify(actual));
    }
    return this;
  }

  /**
   * Verifies the selfie failed the quality gate for at least these issues.
   *
   * @param issues the issues
   * @return this
   */
  public IdentifyResultAssert hasQualityIssue(QualityIssue... issues) {
    isNotNull();
    if (!actual.qualityIssues().containsAll(Arrays.asList(issues))) {
      failWithMessage(
          "Expected quality issues %s, but the identification was %s", Arrays.toString(issues),
          Describing.identify(actual));
    }
    return this;
  }
}
