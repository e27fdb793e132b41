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
import software.amazon.awssdk.services.s3.S3Configuration;

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

  /**
   * The S3 service configuration every test client for s3proxy uses: uploads as plain bodies, not
   * {@code aws-chunked}.
   *
   * <p>Why: over plain HTTP the SDK signs each chunk of a {@code PutObject} body and writes the
   * framing (chunk headers, the final empty chunk, the checksum trailer) in many small writes.
   * s3proxy answers as soon as it has read the decoded bytes, before the final chunk and trailer;
   * if those have not arrived yet (a loaded machine), Jetty cannot consume them, shuts the
   * connection after a {@code 200} that does not say {@code Connection: close}, and the JDK's
   * keep-alive cache hands the dead connection to the next {@code PutObject}, whose body write then
   * fails with "Error writing request body to server" (EPIPE), on every attempt if the cache holds
   * several such connections. With a plain body s3proxy reads all of it before answering. The
   * signature (SigV4 over the payload hash) is still checked; real S3 is not affected.
   */
  static S3Configuration s3Configuration() {
    return S3Configuration.builder().chunkedEncodingEnabled(false).build();
  }

  static S3Client s3(URI endpoint, RetryStrategy retries) {
    return S3Client.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .serviceConfiguration(s3Configuration())
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
