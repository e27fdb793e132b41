package io.github.idvkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.testkit.TestFaces;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.Image;
import software.amazon.awssdk.services.rekognition.model.InvalidParameterException;
import software.amazon.awssdk.services.rekognition.model.ResourceNotFoundException;

/**
 * The local endpoint itself: it refuses what Rekognition refuses, answers with typed errors the
 * SDK parses, counts calls, and listens on loopback only. If it accepted anything, the request
 * checks of the other tests would prove nothing.
 */
class RekognitionEndpointTest {

  private static RekognitionEndpoint endpoint;
  private static RekognitionClient client;
  private static final Image ALICE =
      Image.builder().bytes(SdkBytes.fromByteArray(TestFaces.subject("alice").image(1).bytes())).build();

  @BeforeAll
  static void start() {
    endpoint = RekognitionEndpoint.start();
    client = endpoint.client();
    client.createCollection(b -> b.collectionId("endpoint-test"));
  }

  @AfterAll
  static void stop() {
    client.close();
    endpoint.close();
  }

  @Test
  void createFaceLivenessSession_auditImagesLimitAbove4OrAnUnknownChallenge_isRefused() {
    assertThatThrownBy(() -> client.createFaceLivenessSession(b -> b.settings(s -> s.auditImagesLimit(5))))
        .isInstanceOf(InvalidParameterException.class);
    assertThatThrownBy(() -> client.createFaceLivenessSession(b -> b.settings(s -> s.challengePreferences(
            software.amazon.awssdk.services.rekognition.model.ChallengePreference.builder().type("SmileChallenge").build()))))
        .isInstanceOf(InvalidParameterException.class);
  }

  @Test
  void getFaceLivenessSessionResults_unknownSession_isSessionNotFound_andANewOneIsCreatedWithoutImages() {
    String id = client.createFaceLivenessSession(b -> b.settings(s -> s.auditImagesLimit(2))).sessionId();

    var created = client.getFaceLivenessSessionResults(b -> b.sessionId(id));

    assertThatThrownBy(() -> client.getFaceLivenessSessionResults(b -> b.sessionId(UUID.randomUUID().toString())))
        .isInstanceOf(software.amazon.awssdk.services.rekognition.model.SessionNotFoundException.class);
    assertThatThrownBy(() -> client.getFaceLivenessSessionResults(b -> b.sessionId("short")))
        .isInstanceOf(InvalidParameterException.class);
    assertThat(created.statusAsString()).isEqualTo("CREATED");
    assertThat(created.confidence()).isNull();
    assertThat(created.referenceImage()).isNull();
    assertThat(created.hasAuditImages()).isFalse();
  }

  @Test
  void compareFaces_thresholdAbove100_isRefused() {
    assertThatThrownBy(
            () -> client.compareFaces(b -> b.sourceImage(ALICE).targetImage(ALICE).similarityThreshold(100.5f)))
        .isInstanceOf(InvalidParameterException.class);
  }

  @Test
  void searchUsersByImage_negativeThresholdOrZeroMaxUsers_isRefused() {
    assertThatThrownBy(
            () -> client.searchUsersByImage(
                b -> b.collectionId("endpoint-test").image(ALICE).userMatchThreshold(-1f)))
        .isInstanceOf(InvalidParameterException.class);
    assertThatThrownBy(
            () -> client.searchUsersByImage(
                b -> b.collectionId("endpoint-test").image(ALICE).maxUsers(0)))
        .isInstanceOf(InvalidParameterException.class);
  }

  @Test
  void indexFaces_externalImageIdOutsidePattern_isRefused() {
    assertThatThrownBy(
            () -> client.indexFaces(
                b -> b.collectionId("endpoint-test").image(ALICE).externalImageId("alice@example.com")))
        .isInstanceOf(InvalidParameterException.class);
  }

  @Test
  void createUser_idTooLongOrOutsidePattern_isRefused() {
    assertThatThrownBy(
            () -> client.createUser(b -> b.collectionId("endpoint-test").userId("x".repeat(129))))
        .isInstanceOf(InvalidParameterException.class);
    assertThatThrownBy(
            () -> client.createUser(b -> b.collectionId("endpoint-test").userId("a b")))
        .isInstanceOf(InvalidParameterException.class);
  }

  @Test
  void describeCollection_unknown_isResourceNotFound() {
    assertThatThrownBy(() -> client.describeCollection(b -> b.collectionId("nope-" + UUID.randomUUID())))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void calls_areCountedPerOperationIncludingFailures() {
    int before = endpoint.calls("DescribeCollection");

    client.describeCollection(b -> b.collectionId("endpoint-test"));
    assertThatThrownBy(() -> client.describeCollection(b -> b.collectionId("nope")))
        .isInstanceOf(ResourceNotFoundException.class);

    assertThat(endpoint.calls("DescribeCollection")).isEqualTo(before + 2);
  }

  @Test
  void unsignedRequest_isRefused() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(endpoint.endpoint().resolve("/"))
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .header("X-Amz-Target", "RekognitionService.DescribeCollection")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"CollectionId\":\"endpoint-test\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("UnrecognizedClientException");
  }

  @Test
  void endpoint_listensOnLoopbackOnly() {
    URI uri = endpoint.endpoint();

    assertThat(uri.getHost()).isEqualTo("127.0.0.1");
  }
}
