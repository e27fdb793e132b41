package io.github.idvkit.internal;

import io.github.idvkit.ForgetRequest;
import io.github.idvkit.ForgetResult;
import io.github.idvkit.IdentifyRequest;
import io.github.idvkit.IdentifyResult;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.LoginRequest;
import io.github.idvkit.LoginResult;
import io.github.idvkit.RegisterRequest;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.VerificationPolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flows of {@link IdentityVerifier} over five ports: a facade over one class per flow ({@link
 * RegistrationFlow}, {@link ProbeFlows}, {@link ForgetFlow}). Not API: build it through {@code
 * IdentityVerifier.builder()} or a provider's builder.
 */
public final class DefaultIdentityVerifier implements IdentityVerifier {

  private static final Logger LOG = LoggerFactory.getLogger(DefaultIdentityVerifier.class);

  private final VerifierConfig config;
  private final FlowSupport support;
  private final RegistrationFlow registration;
  private final ProbeFlows probes;
  private final ForgetFlow forgetting;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Creates the verifier; see {@code IdentityVerifier.builder()}. */
  public DefaultIdentityVerifier(VerifierConfig config) {
    this.config = config;
    this.support = new FlowSupport(config);
    UserLocks userLocks = new UserLocks();
    this.registration = new RegistrationFlow(support, userLocks);
    this.probes = new ProbeFlows(support);
    this.forgetting = new ForgetFlow(support, userLocks);
  }

  @Override
  public VerificationPolicy policy() {
    return config.policy();
  }

  @Override
  public RegisterResult register(RegisterRequest request) {
    return registration.register(request);
  }

  @Override
  public LoginResult login(LoginRequest request) {
    return probes.login(request);
  }

  @Override
  public IdentifyResult identify(IdentifyRequest request) {
    return probes.identify(request);
  }

  @Override
  public ForgetResult forget(ForgetRequest request) {
    return forgetting.forget(request);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    support.close();
    List<AutoCloseable> resources = new ArrayList<>(config.closeables());
    Collections.reverse(resources);
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("Closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
      }
    }
  }

  @Override
  public String toString() {
    return "IdentityVerifier[execution=" + config.execution() + "]";
  }
}
