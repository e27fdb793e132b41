package io.github.idvkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.Similarity;
import io.github.idvkit.VerificationPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IdvTestExtensionConfiguredTest {

  @RegisterExtension
  final IdvTestExtension idv = IdvTestExtension.configured(b -> b.policy(VerificationPolicy.standard()));

  @Test
  void configured_policy_isApplied(InMemoryIdentityVerifier verifier) {
    assertThat(idv.verifier().policy().loginThreshold()).isEqualTo(Similarity.ofPercent(95));
    assertThat(verifier).isSameAs(idv.verifier());
  }
}
