package io.github.idvkit.spring.boot;

import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.local.LocalIdentityVerifier;
import io.github.idvkit.spi.PortDecorator;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code idv.provider=local} (the default): the offline engine of idv-local. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "io.github.idvkit.local.LocalIdentityVerifier")
@ConditionalOnProperty(prefix = "idv", name = "provider", havingValue = "local", matchIfMissing = true)
class LocalProviderConfiguration {

  @Bean
  ProviderSetup idvLocalProvider(IdvProperties properties) {
    IdvProperties.Local local = properties.getLocal();
    return new ProviderSetup() {
      @Override
      public String name() {
        return "local";
      }

      @Override
      public VerificationPolicy defaultPolicy() {
        return LocalIdentityVerifier.calibratedPolicy();
      }

      @Override
      public IdentityVerifier build(VerificationPolicy policy, List<PortDecorator> decorators) {
        LocalIdentityVerifier.Builder builder =
            LocalIdentityVerifier.builder()
                .dataDirectory(local.getDataDirectory())
                .collectionId(local.getCollectionId())
                .intraOpThreads(local.getIntraOpThreads())
                .policy(policy);
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
