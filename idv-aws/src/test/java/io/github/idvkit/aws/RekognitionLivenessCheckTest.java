package io.github.idvkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.FaceImage;
import io.github.idvkit.LivenessConfidence;
import io.github.idvkit.LivenessSessionId;
import io.github.idvkit.spi.LivenessCheck;
import io.github.idvkit.spi.LivenessResult;
import io.github.idvkit.testkit.TestFaces;
import io.github.idvkit.testkit.contract.LivenessCheckContract;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.ChallengeType;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;

/**
 * {@link RekognitionLivenessCheck} passes the liveness contract with the real Rekognition client
 * against the local endpoint, which answers {@code CreateFaceLivenessSession} and {@code
 * GetFaceLivenessSessionResults} as AWS documents them.
 */
class RekognitionLivenessCheckTest extends LivenessCheckContract {

  @RegisterExtension static final LocalS3Extension S3 = new LocalS3Extension();

  private static RekognitionEndpoint endpoint;
  private static RekognitionClient client;
  private static S3Client s3;

  @BeforeAll
  static void start() {
    s3 = S3.client();
    endpoint = RekognitionEndpoint.start();
    endpoint.livenessS3Writer((bucket, key, bytes) -> s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes)));
    client = endpoint.client();
  }

  @AfterAll
  static void stop() {
    client.close();
    endpoint.close();
    s3.close();
  }

  @AfterEach
  void noRejections() {
    assertThat(endpoint.rejections()).as("requests the endpoint refused as invalid").isEmpty();
  }

  @Override
  protected LivenessCheck newSubject() {
    return RekognitionLivenessCheck.builder().rekognitionClient(client).build();
  }

  @Override
  protected void complete(
      LivenessSessionId sessionId, LivenessConfidence confidence, FaceImage reference, List<FaceImage> auditImages) {
    endpoint.completeLiveness(sessionId.value(), confidence.percent(), reference, auditImages);
  }

  @Override
  protected void fail(LivenessSessionId sessionId) {
    endpoint.failLiveness(sessionId.value());
  }

  @Test
  void createSession_sendsTheAuditImagesLimitAndChallengePreferences() {
    RekognitionLivenessCheck check = RekognitionLivenessCheck.builder().rekognitionClient(client)
        .challenges(ChallengeType.FACE_MOVEMENT_CHALLENGE, ChallengeType.FACE_MOVEMENT_AND_LIGHT_CHALLENGE).build();

    check.createSession(3);

    JsonNode settings = endpoint.lastRequest("CreateFaceLivenessSession").path("Settings");
    assertThat(settings.path("AuditImagesLimit").asInt()).isEqualTo(3);
    assertThat(settings.path("ChallengePreferences").get(0).path("Type").asString()).isEqualTo("FaceMovementChallenge");
    assertThat(settings.has("OutputConfig")).isFalse();
  }

  @Test
  void result_withAnOutputBucket_readsTheImagesFromS3() {
    String bucket = "liveness-" + UUID.randomUUID().toString().substring(0, 8);
    s3.createBucket(b -> b.bucket(bucket));
    RekognitionLivenessCheck check = RekognitionLivenessCheck.builder().rekognitionClient(client)
        .outputBucket(bucket, "sessions/").s3Client(s3).build();
    FaceImage reference = TestFaces.subject("s3-liveness").image(1);
    FaceImage audit = TestFaces.subject("s3-liveness").image(2);
    LivenessSessionId id = check.createSession(1);
    endpoint.completeLiveness(id.value(), 96, reference, List.of(audit));

    LivenessResult result = check.result(id).orElseThrow();

    assertThat(endpoint.lastRequest("CreateFaceLivenessSession").path("Settings").path("OutputConfig")
        .path("S3Bucket").asString()).isEqualTo(bucket);
    assertThat(result.referenceImage()).contains(reference);
    assertThat(result.auditImages()).containsExactly(audit);
  }

  @Test
  void result_ofASessionRekognitionReportsExpired_isExpired() {
    LivenessCheck check = newSubject();
    LivenessSessionId id = check.createSession(0);
    endpoint.expireLiveness(id.value());

    assertThat(check.result(id).orElseThrow().state()).isEqualTo(io.github.idvkit.spi.LivenessState.EXPIRED);
  }

  @Test
  void result_ofAnIdThatIsNoRekognitionSessionId_isEmpty_withoutACall() {
    endpoint.resetCalls();

    assertThat(newSubject().result(LivenessSessionId.of("not-a-uuid"))).isEmpty();
    assertThat(endpoint.calls("GetFaceLivenessSessionResults")).isZero();
  }

  @Test
  void build_withoutClient_throwsIllegalState() {
    assertThatThrownBy(() -> RekognitionLivenessCheck.builder().build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("rekognitionClient(...)");
  }
}
