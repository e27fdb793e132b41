package io.github.idvkit.spring.boot;

import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.Similarity;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.micrometer.IdvObservations;
import io.github.idvkit.spi.PortDecorator;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Auto-configures an {@link IdentityVerifier} bean from {@code idv.*} properties, unless the
 * application defines its own. The verifier is observed with Micrometer ({@code idv.flow}, {@code
 * idv.provider.call}) when an {@link ObservationRegistry} bean exists, reports to the {@code idv}
 * health indicator when Spring Boot's health support is present, and is closed with the context.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"
    })
@ConditionalOnProperty(prefix = "idv", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(IdvProperties.class)
@Import({
  LocalProviderConfiguration.class,
  AwsProviderConfiguration.class,
  MemoryProviderConfiguration.class
})
public class IdvAutoConfiguration {

  /** Creates the auto-configuration. */
  public IdvAutoConfiguration() {}

  @Bean
  PortCapture idvPortCapture() {
    return new PortCapture();
  }

  /**
   * Observes flows and provider calls on the application's {@link ObservationRegistry}, or on a
   * no-op one without it or with {@code idv.observations.enabled=false}.
   *
   * @param properties the settings
   * @param registry the application's registry, if any
   * @param provider the configured provider, if its module is present
   * @return the observations
   */
  @Bean
  @ConditionalOnMissingBean
  public IdvObservations idvObservations(
      IdvProperties properties,
      ObjectProvider<ObservationRegistry> registry,
      ObjectProvider<ProviderSetup> provider) {
    ObservationRegistry observationRegistry =
        properties.getObservations().isEnabled()
            ? registry.getIfAvailable(() -> ObservationRegistry.NOOP)
            : ObservationRegistry.NOOP;
    String name =
        provider.getIfAvailable() != null
            ? provider.getObject().name()
            : properties.getProvider().name().toLowerCase(Locale.ROOT);
    return IdvObservations.builder(observationRegistry).provider(name).build();
  }

  /**
   * Builds the verifier of the configured provider with the configured policy. Closed when the
   * context closes (the local engine, the stores and the clients idv created).
   *
   * @param properties the settings
   * @param provider the configured provider's setup
   * @param observations the observations
   * @param capture keeps the ports for the health indicator
   * @return the verifier
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public IdentityVerifier identityVerifier(
      IdvProperties properties,
      ObjectProvider<ProviderSetup> provider,
      IdvObservations observations,
      PortCapture capture) {
    ProviderSetup setup = provider.getIfAvailable();
    if (setup == null) {
      String name = properties.getProvider().name().toLowerCase(Locale.ROOT);
      String artifact = properties.getProvider() == IdvProperties.ProviderName.MEMORY ? "idv-testkit" : "idv-" + name;
      throw new IllegalStateException(
          "idv.provider=" + name + " needs io.github.idvkit:" + artifact + " on the classpath");
    }
    VerificationPolicy policy = policy(properties.getPolicy(), setup.defaultPolicy());
    List<PortDecorator> decorators = List.of(capture, observations.ports());
    return observations.observe(setup.build(policy, decorators));
  }

  /** Applies {@code idv.policy.*} to the preset it names. */
  static VerificationPolicy policy(IdvProperties.Policy p, VerificationPolicy providerDefault) {
    VerificationPolicy preset =
        switch (p.getPreset()) {
          case PROVIDER_DEFAULT -> providerDefault;
          case HIGH_SECURITY -> VerificationPolicy.highSecurity();
          case STANDARD -> VerificationPolicy.standard();
        };
    VerificationPolicy.Builder b = preset.toBuilder();
    ratio(p.getLoginThreshold(), b::loginThreshold);
    ratio(p.getIdMatchThreshold(), b::idMatchThreshold);
    ratio(p.getDuplicateThreshold(), b::duplicateThreshold);
    ratio(p.getIdentifyThreshold(), b::identifyThreshold);
    if (p.getIdentifyMargin() != null) {
      b.identifyMargin(p.getIdentifyMargin());
    }
    if (p.getBelowFloorAllowed() != null) {
      b.belowFloorAllowed(p.getBelowFloorAllowed());
    }
    b.identificationEnabled(p.isIdentificationEnabled());
    return b.build();
  }

  private static void ratio(Double value, Consumer<Similarity> setter) {
    if (value != null) {
      setter.accept(Similarity.ofRatio(value));
    }
  }

  /** The {@code idv} health indicator, when Spring Boot's health support is on the classpath. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  @ConditionalOnEnabledHealthIndicator("idv")
  static class IdvHealthConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "idvHealthIndicator")
    IdvHealthIndicator idvHealthIndicator(
        ObjectProvider<ProviderSetup> provider,
        PortCapture capture,
        ObjectProvider<IdentityVerifier> verifier) {
      return new IdvHealthIndicator(provider, capture, verifier);
    }
  }
}
