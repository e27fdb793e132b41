package io.github.idvkit.spring.boot;

import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.aws.AwsIdentityVerifier;
import io.github.idvkit.spi.PortDecorator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@code idv.provider=aws}: Rekognition, S3 and DynamoDB through idv-aws. Uses the application's
 * {@link RekognitionClient}, {@link S3Client} and {@link DynamoDbClient} beans when it has them,
 * and otherwise creates clients for {@code idv.aws.region} that it closes on shutdown.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "io.github.idvkit.aws.AwsIdentityVerifier")
@ConditionalOnProperty(prefix = "idv", name = "provider", havingValue = "aws")
class AwsProviderConfiguration {

  @Bean(destroyMethod = "close")
  AwsSetup idvAwsProvider(
      IdvProperties properties,
      ObjectProvider<RekognitionClient> rekognition,
      ObjectProvider<S3Client> s3,
      ObjectProvider<DynamoDbClient> dynamoDb) {
    return new AwsSetup(properties.getAws(), rekognition, s3, dynamoDb);
  }

  /** The AWS provider's setup; owns the clients it created. */
  static final class AwsSetup implements ProviderSetup, AutoCloseable {
    private final IdvProperties.Aws aws;
    private final List<AutoCloseable> created = new ArrayList<>();
    private final RekognitionClient rekognition;
    private final S3Client s3;
    private final DynamoDbClient dynamoDb;

    AwsSetup(
        IdvProperties.Aws aws,
        ObjectProvider<RekognitionClient> rekognition,
        ObjectProvider<S3Client> s3,
        ObjectProvider<DynamoDbClient> dynamoDb) {
      this.aws = aws;
      this.rekognition = orCreate(rekognition, () -> region(RekognitionClient.builder()).build());
      this.s3 = orCreate(s3, () -> region(S3Client.builder()).build());
      this.dynamoDb = orCreate(dynamoDb, () -> region(DynamoDbClient.builder()).build());
    }

    private <C extends AutoCloseable> C orCreate(ObjectProvider<C> bean, Supplier<C> create) {
      C client = bean.getIfAvailable();
      if (client == null) {
        client = create.get();
        created.add(client);
      }
      return client;
    }

    private <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>> B region(
        B builder) {
      if (aws.getRegion() != null) {
        builder.region(Region.of(aws.getRegion()));
      }
      return builder;
    }

    @Override
    public String name() {
      return "aws";
    }

    @Override
    public VerificationPolicy defaultPolicy() {
      return VerificationPolicy.highSecurity();
    }

    @Override
    public IdentityVerifier build(VerificationPolicy policy, List<PortDecorator> decorators) {
      AwsIdentityVerifier.Builder builder =
          AwsIdentityVerifier.builder()
              .rekognitionClient(rekognition)
              .s3Client(s3)
              .dynamoDbClient(dynamoDb)
              .collectionId(require(aws.getCollectionId(), "idv.aws.collection-id"))
              .bucket(require(aws.getBucket(), "idv.aws.bucket"))
              .tableName(require(aws.getTableName(), "idv.aws.table-name"))
              .imagePrefix(aws.getImagePrefix())
              .usersApi(aws.isUsersApi())
              .policy(policy);
      if (aws.getKmsKeyId() != null) {
        builder.kmsKeyId(aws.getKmsKeyId());
      }
      if (aws.isProvisionOnStartup()) {
        builder.provision();
      }
      return builder.verifier(core -> decorators.forEach(core::decoratePorts)).build();
    }

    @Override
    public Map<String, Boolean> checkResources() {
      Map<String, Boolean> resources = new LinkedHashMap<>();
      resources.put("bucket", bucketExists());
      resources.put("table", tableExists());
      return resources;
    }

    private boolean bucketExists() {
      try {
        s3.headBucket(b -> b.bucket(aws.getBucket()));
        return true;
      } catch (NoSuchBucketException e) {
        return false;
      } catch (S3Exception e) {
        if (e.statusCode() == 404) {
          return false;
        }
        throw e;
      }
    }

    private boolean tableExists() {
      try {
        dynamoDb.describeTable(b -> b.tableName(aws.getTableName()));
        return true;
      } catch (ResourceNotFoundException e) {
        return false;
      }
    }

    private static String require(String value, String property) {
      if (value == null || value.isBlank()) {
        throw new IllegalStateException("idv.provider=aws needs " + property);
      }
      return Objects.requireNonNull(value);
    }

    @Override
    public void close() throws Exception {
      for (int i = created.size() - 1; i >= 0; i--) {
        created.get(i).close();
      }
    }
  }
}
