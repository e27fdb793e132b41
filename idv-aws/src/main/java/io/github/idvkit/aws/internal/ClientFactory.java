package io.github.idvkit.aws.internal;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Builds the AWS clients that idv-aws creates itself, always with an explicit HTTP client
 * (url-connection-client) so the SDK never picks one from the classpath, and with the SDK's default
 * retry strategy. Callers who want another HTTP client, endpoint or retry set-up pass their own
 * clients. Not API.
 */
public final class ClientFactory {

  private ClientFactory() {}

  /**
   * Configures and builds a client.
   *
   * @param builder the service's client builder, for example {@code RekognitionClient.builder()}
   * @param region the region, or {@code null} for the SDK's default region chain
   * @param credentials the credentials, or {@code null} for the default credentials chain
   * @param <B> the builder type
   * @param <C> the client type
   * @return the client, which the caller owns and closes
   */
  public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C create(
      B builder,
      @Nullable Region region,
      @Nullable AwsCredentialsProvider credentials) {
    builder.httpClientBuilder(UrlConnectionHttpClient.builder());
    if (region != null) {
      builder.region(region);
    }
    if (credentials != null) {
      builder.credentialsProvider(credentials);
    }
    return builder.build();
  }
}
