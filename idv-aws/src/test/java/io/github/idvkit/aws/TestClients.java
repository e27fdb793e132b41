package io.github.idvkit.aws;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Real SDK clients for the local servers: url-connection-client, us-east-1, static credentials,
 * and either no retries or a fast, deterministic standard strategy (test-infra.md, G11, §8.4).
 */
final class TestClients {

  static final String ACCESS_KEY = "test-access-key";
  static final String SECRET_KEY = "test-secret-key";

  private TestClients() {}

  static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
  }

  /** No retries at all: every call is one attempt. */
  static RetryStrategy noRetries() {
    return AwsRetryStrategy.doNotRetry();
  }

  /** The standard strategy with {@code maxAttempts} and no back-off, so retry tests stay fast. */
  static RetryStrategy fastRetries(int maxAttempts) {
    return AwsRetryStrategy.standardRetryStrategy().toBuilder()
        .maxAttempts(maxAttempts)
        .backoffStrategy(BackoffStrategy.retryImmediately())
        .throttlingBackoffStrategy(BackoffStrategy.retryImmediately())
        .build();
  }

  static ClientOverrideConfiguration override(RetryStrategy retries) {
    return ClientOverrideConfiguration.builder().retryStrategy(retries).build();
  }

  static RekognitionClient rekognition(URI endpoint, RetryStrategy retries) {
    return RekognitionClient.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(credentials())
        .overrideConfiguration(override(retries))
        .build();
  }

  static S3Client s3(URI endpoint, RetryStrategy retries) {
    return S3Client.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(credentials())
        .overrideConfiguration(override(retries))
        .build();
  }

  static DynamoDbClient dynamoDb(URI endpoint, RetryStrategy retries) {
    return DynamoDbClient.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(credentials())
        .overrideConfiguration(override(retries))
        .build();
  }
}
