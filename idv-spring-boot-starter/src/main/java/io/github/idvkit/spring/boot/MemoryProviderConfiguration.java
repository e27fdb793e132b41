package io.github.idvkit.spring.boot;

import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.spi.PortDecorator;
import io.github.idvkit.testkit.InMemoryIdentityVerifier;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code idv.provider=memory}: the in-memory fakes of idv-testkit, for tests and demos. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "io.github.idvkit.testkit.InMemoryIdentityVerifier")
@ConditionalOnProperty(prefix = "idv", name = "provider", havingValue = "memory")
class MemoryProviderConfiguration {

  @Bean
  ProviderSetup idvMemoryProvider() {
    return new ProviderSetup() {
      @Override
      public String name() {
        return "memory";
      }

      @Override
      public VerificationPolicy defaultPolicy() {
        return VerificationPolicy.highSecurity();
      }

      @Override
      public IdentityVerifier build(VerificationPolicy policy, List<PortDecorator> decorators) {
        InMemoryIdentityVerifier.Builder builder = InMemoryIdentityVerifier.builder().policy(policy);
        decorators.forEach(builder::decoratePorts);
        return builder.build();
      }

      @Override
      public Map<String, Boolean> checkResources() {
        return Map.of();
      }
    };
  }
}
