package io.github.idvkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.LoginDecision;
import io.github.idvkit.Similarity;
import io.github.idvkit.UserId;
import io.github.idvkit.local.LocalIdentityVerifier;
import io.github.idvkit.testkit.InMemoryIdentityVerifier;
import io.github.idvkit.testkit.TestFaces;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.s3.S3Client;

class IdvAutoConfigurationTest {

  private static final String ALICE = "alice@example.com";

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(IdvAutoConfiguration.class));

  @Test
  void memoryProvider_givesAWorkingObservedVerifier_andAHealthyIndicator() {
    runner
        .withPropertyValues("idv.provider=memory")
        .withBean(ObservationRegistry.class, TestObservationRegistry::create)
        .run(context -> {
          assertThat(context).hasSingleBean(IdentityVerifier.class).hasBean("idvHealthIndicator");
          IdentityVerifier idv = context.getBean(IdentityVerifier.class);

          idv.register(req -> req.userId(ALICE).selfie(TestFaces.subject("alice").image(1)));
          LoginDecision login =
              idv.login(req -> req.userId(ALICE).selfie(TestFaces.subject("alice").image(2))).decision();
          Health health = context.getBean("idvHealthIndicator", HealthIndicator.class).health();

          assertThat(login).isEqualTo(LoginDecision.VERIFIED);
          TestObservationRegistryAssert.assertThat(
                  (TestObservationRegistry) context.getBean(ObservationRegistry.class))
              .hasAnObservation(o -> o.hasNameEqualTo("idv.flow")
                  .hasLowCardinalityKeyValue("provider", "memory")
                  .hasLowCardinalityKeyValue("decision", "VERIFIED"))
              .hasAnObservation(o -> o.hasNameEqualTo("idv.provider.call")
                  .hasLowCardinalityKeyValue("operation", "search"));
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails())
              .containsEntry("provider", "memory")
              .containsEntry("collection", "present")
              .containsEntry("faces", 1L);
        });
  }

  @Test
  void policyProperties_overrideThePreset() {
    runner
        .withPropertyValues(
            "idv.provider=memory",
            "idv.policy.preset=standard",
            "idv.policy.login-threshold=0.97",
            "idv.policy.identification-enabled=true",
            "idv.policy.identify-margin=0.1")
        .run(context -> {
          var policy = context.getBean(IdentityVerifier.class).policy();

          assertThat(policy.loginThreshold()).isEqualTo(Similarity.ofRatio(0.97));
          assertThat(policy.idMatchThreshold()).isEqualTo(Similarity.ofPercent(95));
          assertThat(policy.identificationEnabled()).isTrue();
          assertThat(policy.identifyMargin()).isEqualTo(0.1);
        });
  }

  @Test
  void policyBelowTheFloor_failsStartupWithTheReason() {
    runner
        .withPropertyValues("idv.provider=memory", "idv.policy.login-threshold=0.7")
        .run(context -> assertThat(context)
            .hasFailed()
            .getFailure()
            .rootCause()
            .hasMessageContaining("below the floor"));
  }

  @Test
  void userDefinedVerifier_replacesTheAutoConfiguredOne() {
    runner
        .withPropertyValues("idv.provider=memory")
        .withUserConfiguration(OwnVerifier.class)
        .run(context -> {
          assertThat(context).hasSingleBean(IdentityVerifier.class);
          assertThat(context.getBean(IdentityVerifier.class)).isSameAs(OwnVerifier.VERIFIER);
          Health health = context.getBean("idvHealthIndicator", HealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
        });
  }

  @Test
  void providerModuleMissing_failsStartupNamingTheArtifact() {
    runner
        .withPropertyValues("idv.provider=aws")
        .withClassLoader(new FilteredClassLoader("io.github.idvkit.aws."))
        .run(context -> assertThat(context)
            .hasFailed()
            .getFailure()
            .rootCause()
            .hasMessageContaining("io.github.idvkit:idv-aws"));
  }

  @Test
  void awsProvider_usesTheApplicationsClients_andLeavesThemOpen() {
    AtomicBoolean closed = new AtomicBoolean();
    runner
        .withPropertyValues(
            "idv.provider=aws",
            "idv.aws.collection-id=users",
            "idv.aws.bucket=faces",
            "idv.aws.table-name=records")
        .withBean(RekognitionClient.class, () -> aws(RekognitionClient.builder()).build())
        .withBean(S3Client.class, () -> aws(S3Client.builder()).build())
        .withBean(DynamoDbClient.class, () -> new ClosingWatch(aws(DynamoDbClient.builder()).build(), closed))
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(IdentityVerifier.class);
          IdentityVerifier idv = context.getBean(IdentityVerifier.class);
          assertThat(idv.policy()).isEqualTo(io.github.idvkit.VerificationPolicy.highSecurity());

          idv.close();

          assertThat(closed).as("the application's client is the application's to close").isFalse();
        });
  }

  @Test
  void awsProvider_withoutABucket_failsStartupNamingTheProperty() {
    runner
        .withPropertyValues("idv.provider=aws", "idv.aws.region=eu-west-1",
            "idv.aws.collection-id=users", "idv.aws.table-name=records")
        .run(context -> assertThat(context)
            .hasFailed()
            .getFailure()
            .rootCause()
            .hasMessageContaining("idv.aws.bucket"));
  }

  private static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>> B aws(B builder) {
    return builder
        .region(software.amazon.awssdk.regions.Region.EU_WEST_1)
        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("test", "test")))
        .endpointOverride(java.net.URI.create("http://127.0.0.1:9"));
  }

  /** A DynamoDB client that notes whether anybody closed it. */
  private static final class ClosingWatch implements DynamoDbClient {
    private final DynamoDbClient delegate;
    private final AtomicBoolean closed;

    ClosingWatch(DynamoDbClient delegate, AtomicBoolean closed) {
      this.delegate = delegate;
      this.closed = closed;
    }

    @Override
    public String serviceName() {
      return delegate.serviceName();
    }

    @Override
    public software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration serviceClientConfiguration() {
      return delegate.serviceClientConfiguration();
    }

    @Override
    public void close() {
      closed.set(true);
      delegate.close();
    }
  }

  @Test
  void disabled_configuresNothing() {
    runner
        .withPropertyValues("idv.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(IdentityVerifier.class));
  }

  @Test
  void localProvider_loadsModels_reportsHealth_andClosesWithTheContext(@TempDir Path data) {
    AtomicBoolean ran = new AtomicBoolean();
    runner
        .withPropertyValues("idv.local.data-directory=" + data, "idv.local.collection-id=people")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(IdentityVerifier.class).policy())
              .isEqualTo(LocalIdentityVerifier.calibratedPolicy());
          Health health = context.getBean("idvHealthIndicator", HealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails())
              .containsEntry("provider", "local")
              .containsEntry("collectionId", "people")
              .containsKey("model");
          ran.set(true);
        });

    // The context closed the verifier, so its data directory is free for the next process.
    try (IdentityVerifier again = LocalIdentityVerifier.builder().dataDirectory(data).collectionId("people").build()) {
      assertThat(again.forget(UserId.of(ALICE)).anythingDeleted()).isFalse();
    }
    assertThat(ran).isTrue();
  }

  @Test
  void configurationMetadata_describesEveryProviderForIdes() throws Exception {
    try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      String metadata = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

      assertThat(metadata)
          .contains("\"idv.provider\"", "\"idv.local.data-directory\"", "\"idv.aws.bucket\"",
              "\"idv.policy.login-threshold\"", "The similarity a login needs");
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnVerifier {
    static final IdentityVerifier VERIFIER = InMemoryIdentityVerifier.create();

    @Bean
    IdentityVerifier myVerifier() {
      return VERIFIER;
    }
  }
}
