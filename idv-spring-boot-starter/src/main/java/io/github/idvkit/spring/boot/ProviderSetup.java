package io.github.idvkit.spring.boot;

import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.spi.PortDecorator;
import java.util.List;
import java.util.Map;

/** How one provider builds its verifier and checks its resources; one bean per configured provider. */
interface ProviderSetup {

  /** The provider's name, the {@code provider} tag of observations. */
  String name();

  /** The policy the provider decides by when {@code idv.policy.preset=provider-default}. */
  VerificationPolicy defaultPolicy();

  /** Builds the verifier with the given policy and port decorators. */
  IdentityVerifier build(VerificationPolicy policy, List<PortDecorator> decorators);

  /**
   * Checks the provider's resources besides the face collection (bucket, table): name to whether
   * it exists. Empty for providers with nothing more to check.
   */
  Map<String, Boolean> checkResources();
}
