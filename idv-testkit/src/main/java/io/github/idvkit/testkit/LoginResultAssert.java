package io.github.idvkit.testkit;

import io.github.idvkit.LoginDecision;
import io.github.idvkit.LoginResult;
import io.github.idvkit.QualityIssue;
import io.github.idvkit.Similarity;
import java.util.Arrays;
import java.util.Objects;
import org.assertj.core.api.AbstractObjectAssert;

/** Assertions on a {@link LoginResult}; start with {@link IdvAssertions#assertThat(LoginResult)}. */
public final class LoginResultAssert extends AbstractObjectAssert<LoginResultAssert, LoginResult> {

  LoginResultAssert(LoginResult actual) {
    super(actual, LoginResultAssert.class);
  }

  /**
   * Verifies the claimed user was verified.
   *
   * @return this
   */
  public LoginResultAssert isVerified() {
    return hasDecision(LoginDecision.VERIFIED);
  }

  /**
   * Verifies the claimed user was not verified, whatever the reason.
   *
   * @return this
   */
  public LoginResultAssert isNotVerified() {
    isNotNull();
    if (actual.verified()) {
      failWithMessage("Expected the login to be refused, but it was %s", Describing.login(actual));
    }
    return this;
  }

  /**
   * Verifies the decision.
   *
   * @param expected the decision
   * @return this
   */
  public LoginResultAssert hasDecision(LoginDecision expected) {
    isNotNull();
    Objects.requireNonNull(expected, "expected");
    if (actual.decision() != expected) {
      failWithMessage("Expected the login to be %s, but it was %s", expected, Describing.login(actual));
    }
    return this;
  }

  /**
   * Verifies the selfie failed the quality gate for at least these issues.
   *
   * @param issues the issues
   * @return this
   */
  public LoginResultAssert hasQualityIssue(QualityIssue... issues) {
    isNotNull();
    if (!actual.qualityIssues().containsAll(Arrays.asList(issues))) {
      failWithMessage(
          "Expected quality issues %s, but the login was %s", Arrays.toString(issues),
          Describing.login(actual));
    }
    return this;
  }

  /**
   * Verifies the selfie's similarity to the claimed user is at least {@code threshold}.
   *
   * @param threshold the lowest similarity
   * @return this
   */
  public LoginResultAssert hasSimilarityAtLeast(Similarity threshold) {
    isNotNull();
    if (actual.similarity().filter(s -> s.isAtLeast(threshold)).isEmpty()) {
      failWithMessage(
          "Expected a similarity of at least %s, but the login was %s", threshold,
          Describing.login(actual));
    }
    return this;
  }

  /**
   * Verifies the selfie's similarity to the claimed user, if any was found, is below {@code
   * threshold}.
   *
   * @param threshold the similarity it must stay under
   * @return this
   */
  public LoginResultAssert hasSimilarityBelow(Similarity threshold) {
    isNotNull();
    if (actual.similarity().filter(s -> s.isAtLeast(threshold)).isPresent()) {
      failWithMessage(
          "Expected a similarity below %s, but the login was %s", threshold, Describing.login(actual));
    }
    return this;
  }
}
