package io.github.idvkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.idvkit.ConfigurationException;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.UserId;
import io.github.idvkit.testkit.TestFaces;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * No credentials anywhere, on the real SDK clients: the credentials chain fails the way the
 * default chain does on a machine without credentials ({@code "Unable to load credentials from any
 * of the providers in the chain"}), before any request is sent. That is a set-up problem, never an
 * outage: a {@link ConfigurationException} that says how to configure credentials, not a retryable
 * {@code ProviderException}.
 *
 * <p>Deterministic on any machine: the chain holds the system-property provider (with {@code
 * aws.accessKeyId} unset) and a profile provider reading an empty credentials file, so neither the
 * environment nor {@code ~/.aws} can supply credentials; the endpoint is a closed loopback port that
 * is never reached.
 */
class MissingCredentialsTest {

  private static final URI NOWHERE = URI.create("http://127.0.0.1:9");

  @TempDir static Path dir;

  private static AwsCredentialsProvider none;
  private static RekognitionClient rekognition;
  private static S3Client s3;
  private static DynamoDbClient dynamoDb;

  @BeforeAll
  static void clients() throws IOException {
    assertThat(System.getProperty("aws.accessKeyId")).as("aws.accessKeyId must be unset").isNull();
    Path empty = Files.writeString(dir.resolve("credentials"), "");
    none = AwsCredentialsProviderChain.of(
        SystemPropertyCredentialsProvider.create(),
        ProfileCredentialsProvider.builder()
            .profileFile(ProfileFile.builder().content(empty).type(ProfileFile.Type.CREDENTIALS).build())
            .profileName("default")
            .build());
    rekognition = RekognitionClient.builder().httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(NOWHERE).region(Region.EU_WEST_1).credentialsProvider(none).build();
    s3 = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).forcePathStyle(true)
        .endpointOverride(NOWHERE).region(Region.EU_WEST_1).credentialsProvider(none).build();
    dynamoDb = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(NOWHERE).region(Region.EU_WEST_1).credentialsProvider(none).build();
  }

  @AfterAll
  static void close() {
    rekognition.close();
    s3.close();
    dynamoDb.close();
  }

  private static void assertMissingCredentials(Throwable thrown) {
    assertThat(thrown).isInstanceOfSatisfying(ConfigurationException.class, e -> {
      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage())
          .contains("could not load AWS credentials")
          .contains("Unable to load credentials from any of the providers in the chain")
          .contains("AWS_ACCESS_KEY_ID")
          .contains("credentialsProvider(...)")
          .doesNotContain("try again");
    });
  }

  @Test
  void login_withoutCredentials_isANonRetryableConfigurationException() {
    try (IdentityVerifier idv = AwsIdentityVerifier.builder()
        .rekognitionClient(rekognition).s3Client(s3).dynamoDbClient(dynamoDb)
        .collectionId("users").bucket("idv-faces").tableName("idv-faces").build()) {

      Throwable thrown = catchThrowable(() ->
          idv.login(req -> req.userId("alice@example.com").selfie(TestFaces.subject("alice").image(1))));

      assertMissingCredentials(thrown);
      assertThat(thrown.getMessage()).doesNotContain("alice@example.com");
    }
  }

  @Test
  void eachPort_withoutCredentials_isAConfigurationException() {
    UserId alice = UserId.of("alice@example.com");
    {
      RekognitionFaceIndex index = RekognitionFaceIndex.builder()
          .rekognitionClient(rekognition).collectionId("users").build();
      S3ImageStore images = S3ImageStore.builder().s3Client(s3).bucket("idv-faces").build();
      DynamoDbFaceRecordStore records = DynamoDbFaceRecordStore.builder()
          .dynamoDbClient(dynamoDb).tableName("idv-faces").build();

      assertMissingCredentials(catchThrowable(index::describeCollection));
      assertMissingCredentials(catchThrowable(() -> images.list(alice)));
      assertMissingCredentials(catchThrowable(() -> records.findByUser(alice)));
    }
  }

  @Test
  void provision_withoutCredentials_isAConfigurationException() {
    Throwable thrown = catchThrowable(() -> AwsIdentityVerifier.builder()
        .rekognitionClient(rekognition).s3Client(s3).dynamoDbClient(dynamoDb)
        .collectionId("users").bucket("idv-faces").tableName("idv-faces").provision());

    assertMissingCredentials(thrown);
  }

  @Test
  void buildReconciler_usesTheBuildersClients() {
    io.github.idvkit.Reconciler reconciler = AwsIdentityVerifier.builder()
        .rekognitionClient(rekognition).s3Client(s3).dynamoDbClient(dynamoDb)
        .collectionId("users").bucket("idv-faces").tableName("idv-faces").buildReconciler();

    assertMissingCredentials(catchThrowable(reconciler::scan));
    assertThat(reconciler.toString()).contains("users", "idv-faces");
  }
}
