package io.github.idvkit.testkit;

import io.github.idvkit.IdentityVerifier;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives every test a fresh {@link InMemoryIdentityVerifier} and closes it
 * afterwards.
 *
 * <pre>{@code
 * class SignUpTest {
 *   @RegisterExtension
 *   final IdvTestExtension idv = IdvTestExtension.create();
 *
 *   @Test
 *   void signUp_newUser_isRegistered() {
 *     SignUp signUp = new SignUp(idv.verifier());
 *     ...
 *     idv.verifier().faceIndex().faults().failNext("index", Fault.throttled());
 *   }
 *
 *   @Test
 *   void login_withParameter(InMemoryIdentityVerifier verifier) { ... }   // injected too
 * }
 * }</pre>
 *
 * <p>Register it on an instance field, so parallel test classes do not share it. Needs JUnit
 * Jupiter on the test class path.
 */
public final class IdvTestExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

  private final Consumer<InMemoryIdentityVerifier.Builder> configuration;
  private @Nullable InMemoryIdentityVerifier verifier;

  private IdvTestExtension(Consumer<InMemoryIdentityVerifier.Builder> configuration) {
    this.configuration = configuration;
  }

  /**
   * Returns an extension giving each test a verifier with the default settings.
   *
   * @return the extension
   */
  public static IdvTestExtension create() {
    return new IdvTestExtension(builder -> {});
  }

  /**
   * Returns an extension giving each test a verifier configured by {@code configuration}, for
   * example {@code b -> b.policy(VerificationPolicy.standard())}.
   *
   * @param configuration sets up each test's builder
   * @return the extension
   */
  public static IdvTestExtension configured(Consumer<InMemoryIdentityVerifier.Builder> configuration) {
    return new IdvTestExtension(Objects.requireNonNull(configuration, "configuration"));
  }

  /**
   * Returns the running test's verifier.
   *
   * @return the verifier
   * @throws IllegalStateException outside a test
   */
  public InMemoryIdentityVerifier verifier() {
    InMemoryIdentityVerifier current = verifier;
    if (current == null) {
      throw new IllegalStateException(
          "No test is running; use verifier() inside a test, with the extension on an instance field");
    }
    return current;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    InMemoryIdentityVerifier.Builder builder = InMemoryIdentityVerifier.builder();
    configuration.accept(builder);
    verifier = builder.build();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    InMemoryIdentityVerifier current = verifier;
    verifier = null;
    if (current != null) {
      current.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == InMemoryIdentityVerifier.class || type == IdentityVerifier.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return verifier();
  }
}
