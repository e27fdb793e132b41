package io.github.idvkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.AuditImageRetention;
import io.github.idvkit.FaceImage;
import io.github.idvkit.Flow;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.LivenessSessionId;
import io.github.idvkit.LoginDecision;
import io.github.idvkit.LoginResult;
import io.github.idvkit.RegisterDecision;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.UserId;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.testkit.TestFaces;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Liveness and attempt limits on {@link AwsIdentityVerifier}'s wiring, with the real SDK clients
 * against the local Rekognition endpoint (Face Liveness), s3proxy and dynalite (the guard table):
 * every liveness outcome, the lock-out, and what each flow calls.
 */
class AwsLivenessTest {

  @RegisterExtension static final DynaliteExtension DYNAMO = new DynaliteExtension();
  @RegisterExtension static final LocalS3Extension S3 = new LocalS3Extension();

  private static S3Client s3;
  private static DynamoDbClient dynamoDb;
  private static RekognitionEndpoint endpoint;
  private static RekognitionClient rekognition;

  private final UserId alice = UserId.of("alice@example.com");
  private final UserId bob = UserId.of("bob@example.com");
  private final FaceImage aliceLive = TestFaces.subject("alice").image(1);
  private String guardTable;
  private AwsIdentityVerifier.Builder aws;
  private IdentityVerifier idv;

  @BeforeAll
  static void startServers() {
    s3 = S3.client();
    dynamoDb = DYNAMO.client();
    endpoint = RekognitionEndpoint.start((b, k) -> RekognitionFaceComparerTest.read(s3, b, k));
    rekognition = endpoint.client();
  }

  @AfterAll
  static void stopServers() {
    rekognition.close();
    endpoint.close();
    dynamoDb.close();
    s3.close();
  }

  @BeforeEach
  void provision() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String bucket = "idv-faces-" + run;
    guardTable = "idv-guard-" + run;
    s3.createBucket(b -> b.bucket(bucket));
    aws = AwsIdentityVerifier.builder()
        .rekognitionClient(rekognition).s3Client(s3).dynamoDbClient(dynamoDb)
        .collectionId("idv-users-" + run).bucket(bucket).tableName("idv-faces-" + run)
        .guardTableName(guardTable).faceLiveness(true)
        .policy(VerificationPolicy.highSecurity().toBuilder()
            .auditImageRetention(AuditImageRetention.KEEP_UNTIL_FORGOTTEN).auditImagesLimit(1).build());
    aws.provision();
    DynamoDbAttemptLimiter.builder().dynamoDbClient(dynamoDb).tableName(guardTable).build().createTableIfMissing();
    idv = aws.build();
    endpoint.resetCalls();
  }

  @AfterEach
  void close() {
    idv.close();
    assertThat(endpoint.rejections()).as("requests the endpoint refused as invalid").isEmpty();
  }

  private LivenessSessionId passed(UserId user, Flow flow, double confidence, FaceImage reference) {
    LivenessSessionId session = idv.startLiveness(user, flow);
    endpoint.completeLiveness(session.value(), confidence, reference, List.of(TestFaces.subject("alice").image(7)));
    return session;
  }

  @Test
  void registerAndLogin_withLiveness_callsAndBilledCalls() {
    LivenessSessionId registration = passed(alice, Flow.REGISTER, 98.5, aliceLive);
    Map<String, Integer> afterStart = endpoint.callCounts();

    RegisterResult registered = idv.register(req -> req.userId(alice).livenessSession(registration));
    Map<String, Integer> registerCalls = endpoint.callCounts();
    endpoint.resetCalls();
    LivenessSessionId login = passed(alice, Flow.LOGIN, 97.0, TestFaces.subject("alice").image(2));
    LoginResult verified = idv.login(req -> req.userId(alice).livenessSession(login));
    Map<String, Integer> loginCalls = endpoint.callCounts();

    assertThat(registered.decision()).isEqualTo(RegisterDecision.REGISTERED);
    assertThat(registered.livenessConfidence().orElseThrow().percent()).isEqualTo(98.5);
    assertThat(verified.decision()).isEqualTo(LoginDecision.VERIFIED);
    assertThat(afterStart).containsExactlyInAnyOrderEntriesOf(Map.of("CreateFaceLivenessSession", 1));
    System.out.println("liveness registration, Rekognition calls: " + registerCalls);
    System.out.println("liveness login, Rekognition calls: " + loginCalls);
    assertThat(registerCalls).containsEntry("CreateFaceLivenessSession", 1).containsEntry("GetFaceLivenessSessionResults", 1);
    assertThat(loginCalls).containsEntry("CreateFaceLivenessSession", 1).containsEntry("GetFaceLivenessSessionResults", 1);
  }

  @Test
  void everyLivenessOutcome_onTheAwsWiring() {
    idv.register(req -> req.userId(alice).selfie(aliceLive));
    idv.register(req -> req.userId(bob).selfie(TestFaces.subject("bob").image(1)));

    LivenessSessionId printed = passed(alice, Flow.LOGIN, 12.0, aliceLive);
    LivenessSessionId failed = idv.startLiveness(alice, Flow.LOGIN);
    endpoint.failLiveness(failed.value());
    LivenessSessionId expired = idv.startLiveness(alice, Flow.LOGIN);
    endpoint.expireLiveness(expired.value());
    LivenessSessionId bobs = passed(bob, Flow.LOGIN, 99.0, TestFaces.subject("bob").image(2));
    LivenessSessionId good = passed(alice, Flow.LOGIN, 99.0, TestFaces.subject("alice").image(3));
    LivenessSessionId unknown = LivenessSessionId.of(UUID.randomUUID().toString());

    assertThat(login(printed)).isEqualTo(LoginDecision.LIVENESS_FAILED);
    assertThat(login(failed)).isEqualTo(LoginDecision.LIVENESS_FAILED);
    assertThat(login(expired)).isEqualTo(LoginDecision.LIVENESS_EXPIRED);
    assertThat(login(bobs)).isEqualTo(LoginDecision.LIVENESS_NOT_FOR_USER);
    assertThat(login(unknown)).isEqualTo(LoginDecision.LIVENESS_NOT_FOUND);
    assertThat(login(good)).isEqualTo(LoginDecision.VERIFIED);
    assertThat(login(good)).isEqualTo(LoginDecision.LIVENESS_ALREADY_USED);
  }

  private LoginDecision login(LivenessSessionId session) {
    return idv.login(req -> req.userId(alice).livenessSession(session)).decision();
  }

  @Test
  void lockout_afterTenFailedLivenessLogins_callsNoRekognitionOperation() {
    idv.register(req -> req.userId(alice).selfie(aliceLive));
    for (int i = 0; i < 10; i++) {
      assertThat(login(passed(alice, Flow.LOGIN, 5.0, aliceLive))).isEqualTo(LoginDecision.LIVENESS_FAILED);
    }
    endpoint.resetCalls();

    LoginResult locked = idv.login(req -> req.userId(alice).selfie(aliceLive));
    assertThatThrownBy(() -> idv.startLiveness(alice, Flow.LOGIN)).isInstanceOf(io.github.idvkit.ProviderException.class);

    assertThat(locked.decision()).isEqualTo(LoginDecision.LOCKED_OUT);
    assertThat(locked.retryAfter()).isPresent();
    assertThat(endpoint.callCounts().values().stream().mapToInt(Integer::intValue).sum()).isZero();
  }

  @Test
  void lockout_holdsAcrossTwoVerifiersSharingTheGuardTable() {
    idv.register(req -> req.userId(alice).selfie(aliceLive));
    try (IdentityVerifier other = aws.build()) {
      for (int i = 0; i < 5; i++) {
        IdentityVerifier instance = i % 2 == 0 ? idv : other;
        instance.login(req -> req.userId(alice).selfie(TestFaces.subject("mallory").image(1)));
      }

      assertThat(other.login(req -> req.userId(alice).selfie(aliceLive)).decision()).isEqualTo(LoginDecision.LOCKED_OUT);
    }
  }

  @Test
  void auditImages_keptByPolicy_areInTheImageStore_andForgottenWithTheUser() {
    LivenessSessionId registration = passed(alice, Flow.REGISTER, 99.0, aliceLive);
    idv.register(req -> req.userId(alice).livenessSession(registration));

    var receipt = idv.forget(alice);

    assertThat(receipt.deletedImages()).isEqualTo(2); // the face's image and one audit image
  }
}
