package io.github.idvkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.github.idvkit.ConfigurationException;
import io.github.idvkit.FaceId;
import io.github.idvkit.FaceImage;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.ImageKeys;
import io.github.idvkit.testkit.TestFaces;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** {@link S3ImageStore} against s3proxy (in-process, SigV4 checked), with the real S3 client. */
class S3ImageStoreTest {

  @RegisterExtension static final LocalS3Extension S3 = new LocalS3Extension();

  private static S3Client client;
  private String bucket;
  private S3ImageStore store;
  private final UserId alice = UserId.of("alice@example.com");
  private final FaceImage selfie = TestFaces.subject("alice").image(1);

  @BeforeAll
  static void createClient() {
    client = S3.client();
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  @BeforeEach
  void createBucket() {
    bucket = "faces-" + UUID.randomUUID();
    client.createBucket(b -> b.bucket(bucket));
    store = S3ImageStore.builder().s3Client(client).bucket(bucket).prefix("prod/").build();
  }

  @Test
  void put_thenGet_returnsTheSameBytes() {
    StoredImage ref = store.put(alice, FaceId.of("face-1"), selfie);

    assertThat(store.get(ref)).contains(selfie);
  }

  @Test
  void put_returnsS3ReferenceUnderPrefixWithoutRawUserId() {
    StoredImage ref = store.put(alice, FaceId.of("face-1"), selfie);

    assertThat(ref.uri())
        .isEqualTo(URI.create("s3://" + bucket + "/prod/" + ImageKeys.key(alice, FaceId.of("face-1"))));
    assertThat(ref.toString()).doesNotContain("alice");
  }

  @Test
  void put_writesServerSideEncryptionAndContentType() {
    StoredImage ref = store.put(alice, FaceId.of("face-1"), selfie);

    HeadObjectResponse head =
        client.headObject(b -> b.bucket(bucket).key(ref.uri().getPath().substring(1)));

    assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
    assertThat(head.contentType()).isEqualTo("image/png");
    assertThat(head.contentLength()).isEqualTo((long) selfie.size());
  }

  @Test
  void put_withKmsKey_requestsSseKmsWithThatKey() {
    S3Client mocked = mock(S3Client.class);
    when(mocked.putObject(any(PutObjectRequest.class), any(RequestBody.class)))
        .thenReturn(PutObjectResponse.builder().build());
    S3ImageStore kms =
        S3ImageStore.builder().s3Client(mocked).bucket("b").kmsKeyId("alias/idv").build();

    kms.put(alice, FaceId.of("face-1"), selfie);

    ArgumentCaptor<PutObjectRequest> request = ArgumentCaptor.forClass(PutObjectRequest.class);
    verify(mocked).putObject(request.capture(), any(RequestBody.class));
    assertThat(request.getValue().serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
    assertThat(request.getValue().ssekmsKeyId()).isEqualTo("alias/idv");
    assertThat(request.getValue().acl()).isNull();
  }

  @Test
  void put_sameKeyTwice_replacesImageAndReturnsSameReference() {
    FaceImage other = TestFaces.subject("alice").image(2);

    StoredImage first = store.put(alice, FaceId.of("face-1"), selfie);
    StoredImage second = store.put(alice, FaceId.of("face-1"), other);

    assertThat(second).isEqualTo(first);
    assertThat(store.get(first)).contains(other);
  }

  @Test
  void get_missingImage_returnsEmpty() {
    StoredImage ref = store.put(alice, FaceId.of("face-1"), selfie);
    store.delete(ref);

    assertThat(store.get(ref)).isEmpty();
  }

  @Test
  void delete_existingImage_returnsTrueThenFalse() {
    StoredImage ref = store.put(alice, FaceId.of("face-1"), selfie);

    assertThat(store.delete(ref)).isTrue();
    assertThat(store.delete(ref)).isFalse();
  }

  @Test
  void list_followsPagesAndReturnsOnlyThatUsersImages() {
    S3ImageStore paged =
        S3ImageStore.builder().s3Client(client).bucket(bucket).listPageSize(1).build();
    StoredImage a1 = paged.put(alice, FaceId.of("face-1"), selfie);
    StoredImage a2 = paged.put(alice, FaceId.of("face-2"), selfie);
    StoredImage a3 = paged.put(alice, FaceId.of("face-3"), selfie);
    paged.put(UserId.of("bob@example.com"), FaceId.of("face-4"), selfie);

    List<StoredImage> images = paged.list(alice);

    assertThat(images).containsExactlyInAnyOrder(a1, a2, a3);
  }

  @Test
  void listAll_followsPagesAndStaysBelowPrefix() {
    S3ImageStore paged =
        S3ImageStore.builder().s3Client(client).bucket(bucket).prefix("prod/").listPageSize(1).build();
    StoredImage a1 = paged.put(alice, FaceId.of("face-1"), selfie);
    StoredImage a2 = paged.put(alice, FaceId.of("face-2"), selfie);
    StoredImage b1 = paged.put(UserId.of("bob@example.com"), FaceId.of("face-3"), selfie);
    S3ImageStore.builder().s3Client(client).bucket(bucket).prefix("other/").build()
        .put(alice, FaceId.of("face-4"), selfie);
    client.putObject(b -> b.bucket(bucket).key("prod/notes.txt"), RequestBody.fromString("not an image"));

    List<StoredImage> images = paged.listAll().toList();

    assertThat(images).containsExactlyInAnyOrder(a1, a2, b1);
  }

  @Test
  void list_unknownUser_returnsEmpty() {
    assertThat(store.list(UserId.of("nobody@example.com"))).isEmpty();
  }

  @Test
  void get_referenceOutsideStore_isRefusedAsMisconfigured() {
    client.putObject(
        b -> b.bucket(bucket).key("secrets/other.png"), RequestBody.fromBytes(selfie.bytes()));

    assertThatThrownBy(() -> store.get(StoredImage.of("s3://" + bucket + "/secrets/other.png")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("does not belong to this store");
    assertThatThrownBy(() -> store.delete(StoredImage.of("s3://other-bucket/prod/faces/x/y.jpg")))
        .isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> store.get(StoredImage.of("file:///etc/passwd")))
        .isInstanceOf(ConfigurationException.class);
    assertThat(store.listAll().toList()).isEmpty();
  }

  @Test
  void foreignObjectsBelowPrefix_areNeverListedReadOrDeleted() {
    StoredImage mine = store.put(alice, FaceId.of("face-1"), selfie);
    String userDir = "prod/" + ImageKeys.userPrefix(alice);
    List<String> foreignKeys =
        List.of("prod/other-app/photo.jpg", "prod/faces/readme.txt", "prod/faces/photo.jpg",
            userDir + "notes.txt", userDir + "sub/face-2.jpg");
    for (String key : foreignKeys) {
      client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(selfie.bytes()));
    }

    assertThat(store.listAll().toList()).containsExactly(mine);
    assertThat(store.list(alice)).containsExactly(mine);
    for (String key : foreignKeys) {
      StoredImage foreign = StoredImage.of("s3://" + bucket + "/" + key);
      assertThat(store.get(foreign)).as(key).isEmpty();
      assertThat(store.delete(foreign)).as(key).isFalse();
      assertThat(client.headObject(b -> b.bucket(bucket).key(key)).contentLength()).as(key)
          .isEqualTo(selfie.size());
    }
  }

  @Test
  void listAll_missingBucket_throwsConfigurationExceptionBeforeTheStreamIsRead() {
    S3ImageStore missing = S3ImageStore.builder().s3Client(client).bucket("no-such-bucket").build();

    assertThatThrownBy(missing::listAll).isInstanceOf(ConfigurationException.class);
  }

  @Test
  void put_missingBucket_throwsConfigurationException() {
    S3ImageStore missing =
        S3ImageStore.builder().s3Client(client).bucket("no-such-bucket-" + UUID.randomUUID()).build();

    assertThatThrownBy(() -> missing.put(alice, FaceId.of("face-1"), selfie))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("NoSuchBucket");
  }

  @Test
  // A request without a body: s3proxy may refuse a badly signed PUT before reading its body and
  // close the connection, which the client then reports as an I/O error, not a 403.
  void list_wrongSecretKey_throwsConfigurationException() {
    try (S3Client forged =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .endpointOverride(S3.endpoint())
            .forcePathStyle(true)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(TestClients.ACCESS_KEY, "wrong-secret")))
            .overrideConfiguration(TestClients.override(TestClients.noRetries()))
            .build()) {
      S3ImageStore denied = S3ImageStore.builder().s3Client(forged).bucket(bucket).build();

      assertThatThrownBy(() -> denied.list(alice))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("denied");
    }
  }

  @Test
  void presignedReviewUrl_notEnabled_isRefused() {
    StoredImage ref = store.put(alice, FaceId.of("face-1"), selfie);

    assertThatThrownBy(() -> store.presignedReviewUrl(ref, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void presignedReviewUrl_enabled_readsImageUntilTampered() throws Exception {
    var config = client.serviceClientConfiguration();
    try (S3Presigner presigner = S3Presigner.builder().s3Client(client).region(config.region())
        .credentialsProvider(config.credentialsProvider())
        .endpointOverride(config.endpointOverride().orElseThrow()).build()) {
      S3ImageStore review =
          S3ImageStore.builder().s3Client(client).bucket(bucket).presignedReview(presigner, Duration.ofMinutes(5)).build();
      StoredImage ref = review.put(alice, FaceId.of("face-1"), selfie);

      URI url = review.presignedReviewUrl(ref, Duration.ofMinutes(1));

      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<byte[]> ok =
          http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo(selfie.bytes());
      URI tampered = tamperSignature(url);
      assertThat(tampered).isNotEqualTo(url);
      HttpResponse<byte[]> denied =
          http.send(HttpRequest.newBuilder(tampered).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(denied.statusCode()).isEqualTo(403);
      assertThatThrownBy(() -> review.presignedReviewUrl(ref, Duration.ofMinutes(6)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  /**
   * Returns {@code url} with the first hex digit of its signature replaced by a different one, so
   * the signature always changes (replacing it with a fixed digit leaves it intact whenever the
   * signature already starts with that digit: one URL in 16).
   */
  static URI tamperSignature(URI url) {
    Matcher m =
        Pattern.compile("X-Amz-Signature=([0-9a-f])").matcher(url.toString());
    assertThat(m.find()).as("signature in " + url.getPath()).isTrue();
    char first = m.group(1).charAt(0);
    char other = first == '0' ? '1' : '0';
    return URI.create(url.toString().substring(0, m.start(1)) + other + url.toString().substring(m.end(1)));
  }

  @Test
  void tamperSignature_anyFirstDigit_changesTheSignature() {
    for (char c : "0123456789abcdef".toCharArray()) {
      URI url = URI.create("http://127.0.0.1:1/b/k?X-Amz-Date=1&X-Amz-Signature=" + c + "bcd&X-Amz-Expires=60");

      URI tampered = tamperSignature(url);

      assertThat(tampered).isNotEqualTo(url);
      assertThat(tampered.toString()).matches(".*X-Amz-Signature=[0-9a-f]bcd&X-Amz-Expires=60");
    }
  }

  @Test
  void builder_longReviewExpiry_isRefused() {
    assertThatThrownBy(() -> S3ImageStore.builder().presignedReview(mock(S3Presigner.class), Duration.ofHours(2)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void builder_prefixThatEscapes_isRefused() {
    assertThatThrownBy(() -> S3ImageStore.builder().prefix("../x/"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> S3ImageStore.builder().prefix("/abs/"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> S3ImageStore.builder().prefix("noslash"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void build_withoutClient_isRefused() {
    assertThatThrownBy(() -> S3ImageStore.builder().bucket("b").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("s3Client");
  }
}
