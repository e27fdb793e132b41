package io.github.idvkit.testkit;

import io.github.idvkit.ForgetResult;
import io.github.idvkit.IdentifyResult;
import io.github.idvkit.LoginResult;
import io.github.idvkit.RegisterResult;
import org.assertj.core.annotation.CheckReturnValue;

/**
 * The AssertJ entry point for idv's results, with failures worded in the domain's terms.
 *
 * <pre>{@code
 * import static io.github.idvkit.testkit.IdvAssertions.assertThat;
 *
 * assertThat(idv.register(...)).isRegistered();
 * assertThat(idv.register(...)).hasDecision(RegisterDecision.LOW_QUALITY).hasQualityIssue(TOO_DARK);
 * assertThat(idv.login(...)).isVerified();
 * assertThat(idv.identify(...)).isNotRecognized();
 * assertThat(idv.forget(user)).deletedFaces(1).deletedImages(1).deletedRecords(1);
 * }</pre>
 *
 * <p>It can be statically imported next to AssertJ's {@code Assertions.assertThat}: the overloads
 * do not clash. Needs AssertJ on the test class path.
 */
public final class IdvAssertions {

  private IdvAssertions() {}

  /**
   * Starts assertions on a registration's result.
   *
   * @param actual the result
   * @return the assertions
   */
  @CheckReturnValue
  public static RegisterResultAssert assertThat(RegisterResult actual) {
    return new RegisterResultAssert(actual);
  }

  /**
   * Starts assertions on a login's result.
   *
   * @param actual the result
   * @return the assertions
   */
  @CheckReturnValue
  public static LoginResultAssert assertThat(LoginResult actual) {
    return new LoginResultAssert(actual);
  }

  /**
   * Starts assertions on an identification's result.
   *
   * @param actual the result
   * @return the assertions
   */
  @CheckReturnValue
  public static IdentifyResultAssert assertThat(IdentifyResult actual) {
    return new IdentifyResultAssert(actual);
  }

  /**
   * Starts assertions on a forget receipt.
   *
   * @param actual the receipt
   * @return the assertions
   */
  @CheckReturnValue
  public static ForgetResultAssert assertThat(ForgetResult actual) {
    return new ForgetResultAssert(actual);
  }
}
