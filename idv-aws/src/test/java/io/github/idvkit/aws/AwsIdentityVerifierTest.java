package io.github.idvkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.github.idvkit.ExecutionMode;
import io.github.idvkit.ForgetResult;
import io.github.idvkit.IdentifyDecision;
import io.github.idvkit.IdentifyResult;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.LoginDecision;
import io.github.idvkit.LoginResult;
import io.github.idvkit.QualityGate;
import io.github.idvkit.RegisterDecision;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.testkit.TestFaces;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The whole register, login, identify and forget flow on {@link AwsIdentityVerifier}, with the
 * real SDK clients against the three local servers: the Rekognition endpoint, s3proxy and
 * dynalite.
 */
class AwsIdentityVerifierTest {

  @RegisterExtension static final DynaliteExtension DYNAMO = new DynaliteExtension();
  @RegisterExtension static final LocalS3Extension S3 = new LocalS3Extension();

  private static S3Client s3;
  private static DynamoDbClient dynamoDb;
  private static RekognitionEndpoint endpoint;
  private static RekognitionClient rekognition;

  private String collectionId;
  private String bucket;
  private String tableName;
  private AwsIdentityVerifier.Builder aws;
  private IdentityVerifier idv;

  private final UserId alice = UserId.of("alice@example.com");

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
    collectionId = "idv-users-" + run;
    bucket = "idv-faces-" + run;
    tableName = "idv-faces-" + run;
    s3.createBucket(b -> b.bucket(bucket));
    aws =
        AwsIdentityVerifier.builder()
            .rekognitionClient(rekognition)
            .s3Client(s3)
            .dynamoDbClient(dynamoDb)
            .collectionId(collectionId)
            .collectionTag("app", "idv")
            .bucket(bucket)
            .imagePrefix("test/")
            .tableName(tableName)
            .policy(VerificationPolicy.highSecurity().toBuilder().identificationEnabled(true).build());
    aws.provision();
    idv = aws.build();
    endpoint.resetCalls();
  }

  @AfterEach
  void close() {
    idv.close();
    assertThat(endpoint.rejections()).as("requests the endpoint refused as invalid").isEmpty();
  }

  @Test
  void provision_freshAccount_createsCollectionAndTableThenReportsThemExisting() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    AwsIdentityVerifier.Builder fresh =
        AwsIdentityVerifier.builder()
            .rekognitionClient(rekognition)
            .s3Client(s3)
            .dynamoDbClient(dynamoDb)
            .collectionId("fresh-" + run)
            .collectionTag("team", "identity")
            .bucket("missing-bucket-" + run)
            .tableName("fresh-" + run);

    ProvisioningReport first = fresh.provision();
    ProvisioningReport second = fresh.provision();

    assertThat(first.collectionStatus()).isEqualTo(ResourceStatus.CREATED);
    assertThat(first.tableStatus()).isEqualTo(ResourceStatus.CREATED);
    assertThat(first.bucketStatus()).isEqualTo(ResourceStatus.MISSING);
    assertThat(first.ready()).isFalse();
    assertThat(first.faceModelVersion()).contains(RekognitionEndpoint.MODEL_VERSION);
    assertThat(second.collectionStatus()).isEqualTo(ResourceStatus.EXISTED);
    assertThat(second.tableStatus()).isEqualTo(ResourceStatus.EXISTED);
    assertThat(endpoint.tags("fresh-" + run)).containsEntry("team", "identity");
    assertThat(first.guardTableStatus()).isEmpty();
  }

  @Test
  void provision_withAGuardTable_createsItThenReportsItExisting() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    AwsIdentityVerifier.Builder guarded =
        AwsIdentityVerifier.builder()
            .rekognitionClient(rekognition)
            .s3Client(s3)
            .dynamoDbClient(dynamoDb)
            .collectionId("guarded-" + run)
            .bucket(bucket)
            .tableName("guarded-" + run)
            .guardTableName("guard-" + run);

    ProvisioningReport first = guarded.provision();
    ProvisioningReport second = guarded.provision();

    assertThat(first.guardTableName()).contains("guard-" + run);
    assertThat(first.guardTableStatus()).contains(ResourceStatus.CREATED);
    assertThat(first.guardTableTimeToLive()).isPresent();
    assertThat(second.guardTableStatus()).contains(ResourceStatus.EXISTED);
    assertThat(second.guardTableTimeToLive()).isEmpty();
    assertThat(dynamoDb.describeTable(b -> b.tableName("guard-" + run)).table().tableName()).isEqualTo("guard-" + run);
  }

  @Test
  void flow_registerLoginIdentifyForget_endToEnd() {
    RegisterResult registered =
        idv.register(r -> r.userId(alice).selfie(TestFaces.subject("alice").image(1)));

    assertThat(registered.decision()).isEqualTo(RegisterDecision.REGISTERED);
    assertThat(registered.faceId()).isPresent();
    assertThat(registered.image()).hasValueSatisfying(
        image -> assertThat(image.uri().toString()).startsWith("s3://" + bucket + "/test/faces/"));

    LoginResult login =
        idv.login(r -> r.userId(alice).selfie(TestFaces.subject("alice").image(2)));
    assertThat(login.decision()).isEqualTo(LoginDecision.VERIFIED);

    LoginResult impostor =
        idv.login(r -> r.userId(alice).selfie(TestFaces.subject("mallory").image(1)));
    assertThat(impostor.decision()).isEqualTo(LoginDecision.NOT_MATCHED);

    IdentifyResult identified = idv.identify(r -> r.selfie(TestFaces.subject("alice").image(3)));
    assertThat(identified.decision()).isEqualTo(IdentifyDecision.IDENTIFIED);
    assertThat(identified.userId()).contains(alice);

    RegisterResult duplicate =
        idv.register(
            r -> r.userId(UserId.of("alias@example.com")).selfie(TestFaces.subject("alice").image(4)));
    assertThat(duplicate.decision()).isEqualTo(RegisterDecision.FACE_ALREADY_REGISTERED);
    assertThat(duplicate.existingUser()).contains(alice);

    ForgetResult forgotten = idv.forget(alice);
    assertThat(forgotten.deletedFaces()).containsExactly(registered.faceId().orElseThrow());
    assertThat(forgotten.deletedImages()).isEqualTo(1);
    assertThat(forgotten.deletedRecords()).isEqualTo(1);

    assertThat(idv.login(r -> r.userId(alice).selfie(TestFaces.subject("alice").image(2))).decision())
        .isEqualTo(LoginDecision.NOT_REGISTERED);
    assertThat(endpoint.faceIds(collectionId)).isEmpty();
    assertThat(endpoint.userIds(collectionId)).isEmpty();
    assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
    assertThat(dynamoDb.scan(b -> b.tableName(tableName)).items()).isEmpty();
  }

  @Test
  void register_addFace_comparesWithTheStoredFaceThroughS3_andAssociatesASecondFace() {
    RegisterResult first = idv.register(r -> r.userId(alice).selfie(TestFaces.subject("alice").image(1)));
    endpoint.resetCalls();

    RegisterResult added = idv.register(r -> r.userId(alice).selfie(TestFaces.subject("alice").image(2)).addFace(true));

    assertThat(added.decision()).isEqualTo(RegisterDecision.REGISTERED);
    assertThat(endpoint.lastRequest("CompareFaces").path("SourceImage").path("S3Object").path("Bucket").asString())
        .isEqualTo(bucket);
    assertThat(endpoint.calls("CreateUser")).isLessThanOrEqualTo(1); // prepared: the user exists (ConflictException)
    assertThat(idv.login(r -> r.userId(alice).selfie(TestFaces.subject("alice").image(3))).decision())
        .isEqualTo(LoginDecision.VERIFIED);
    assertThat(dynamoDb.scan(b -> b.tableName(tableName)).items().stream()
        .filter(item -> item.containsKey("faceId")).count()).isEqualTo(2);
    assertThat(added.faceId()).isNotEqualTo(first.faceId());
  }

  @Test
  void login_verifiedSelfie_costsOneSearchOneDetectionAndOneFreeListing() {
    idv.register(r -> r.userId(alice).selfie(TestFaces.subject("alice").image(1)));
    endpoint.resetCalls();

    LoginResult login =
        idv.login(r -> r.userId(alice).selfie(TestFaces.subject("alice").image(2)));

    assertThat(login.decision()).isEqualTo(LoginDecision.VERIFIED);
    // SearchUsersByImage describes the probe without eyes and sunglasses, so the gate needs
    // DetectFaces too. Its user match names no face, so core fails closed unless every face of the
    // user is recorded: one ListFaces by user (not billed per image).
    assertThat(endpoint.callCounts())
        .containsOnly(entry("SearchUsersByImage", 1), entry("DetectFaces", 1), entry("ListFaces", 1));
    assertThat(endpoint.lastRequest("ListFaces").path("UserId").asString()).isEqualTo(alice.providerSafe() + ":u");
  }

  @Test
  void login_withAGateTheSearchCanDecide_costsOneSearchAndOneFreeListing() {
    idv.register(r -> r.userId(alice).selfie(TestFaces.subject("alice").image(1)));
    // AWS documents only a box and a confidence for SearchUsersByImage's searched face: a gate
    // that asks no more is decided by the search alone, without a DetectFaces.
    VerificationPolicy oneCall = idv.policy().toBuilder().loginQualityGate(QualityGate.searchable()).build();
    try (IdentityVerifier cheap =
        AwsIdentityVerifier.builder()
            .rekognitionClient(rekognition)
            .s3Client(s3)
            .dynamoDbClient(dynamoDb)
            .collectionId(collectionId)
            .bucket(bucket)
            .imagePrefix("test/")
            .tableName(tableName)
            .policy(oneCall)
            .build()) {
      endpoint.resetCalls();

      LoginResult login =
          cheap.login(r -> r.userId(alice).selfie(TestFaces.subject("alice").image(2)));

      assertThat(login.decision()).isEqualTo(LoginDecision.VERIFIED);
      assertThat(endpoint.callCounts()).containsOnly(entry("SearchUsersByImage", 1), entry("ListFaces", 1));
    }
  }

  @Test
  void login_selfieWithSunglasses_isRejectedForQualityAsOnEveryProvider() {
    idv.register(r -> r.userId(alice).selfie(TestFaces.subject("alice").image(1)));

    LoginResult login =
        idv.login(r -> r.userId(alice).selfie(TestFaces.subject("alice").withSunglasses().image(2)));

    assertThat(login.decision()).isEqualTo(LoginDecision.LOW_QUALITY);
    assertThat(login.qualityIssues()).contains(io.github.idvkit.QualityIssue.SUNGLASSES);
  }

  @Test
  void login_sequentialNoFaceInSelfie_costsOneCall() {
    idv.register(r -> r.userId(alice).selfie(TestFaces.subject("alice").image(1)));
    try (IdentityVerifier sequential =
        AwsIdentityVerifier.builder()
            .rekognitionClient(rekognition)
            .s3Client(s3)
            .dynamoDbClient(dynamoDb)
            .collectionId(collectionId)
            .bucket(bucket)
            .imagePrefix("test/")
            .tableName(tableName)
            .verifier(core -> core.execution(ExecutionMode.SEQUENTIAL))
            .build()) {
      endpoint.resetCalls();

      LoginResult login = sequential.login(r -> r.userId(alice).selfie(TestFaces.noFace()));

      assertThat(login.decision()).isEqualTo(LoginDecision.NO_FACE);
      assertThat(endpoint.callCounts()).containsOnly(entry("SearchUsersByImage", 1));
    }
  }

  @Test
  void register_withIdPhotoInS3_comparesThroughS3Object() {
    s3.putObject(
        b -> b.bucket(bucket).key("ids/alice.png"),
        RequestBody.fromBytes(TestFaces.subject("alice").image(5).bytes()));

    RegisterResult registered =
        idv.register(
            r -> r.userId(alice)
                .selfie(TestFaces.subject("alice").image(1))
                .idPhoto(StoredImage.of("s3://" + bucket + "/ids/alice.png")));

    assertThat(registered.decision()).isEqualTo(RegisterDecision.REGISTERED);
    assertThat(registered.idSimilarity()).hasValueSatisfying(s -> assertThat(s.ratio()).isGreaterThan(0.99));
    assertThat(endpoint.lastRequest("CompareFaces").path("SourceImage").path("S3Object").path("Name").asString())
        .isEqualTo("ids/alice.png");
  }

  @Test
  void register_idPhotoOfSomeoneElse_storesNothing() {
    RegisterResult registered =
        idv.register(
            r -> r.userId(alice)
                .selfie(TestFaces.subject("alice").image(1))
                .idPhoto(TestFaces.subject("bob").image(1)));

    assertThat(registered.decision()).isEqualTo(RegisterDecision.ID_NOT_MATCHED);
    assertThat(endpoint.faceIds(collectionId)).isEmpty();
    assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
    assertThat(dynamoDb.scan(b -> b.tableName(tableName)).items()).isEmpty();
  }

  @Test
  void flow_logs_holdNoRawUserIdNorImageBytes() {
    ch.qos.logback.classic.Logger idvLogger =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.github.idvkit");
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> captured =
        new ch.qos.logback.core.read.ListAppender<>();
    captured.start();
    idvLogger.addAppender(captured);
    var selfie = TestFaces.subject("alice").image(1);
    try {
      idv.register(r -> r.userId(alice).selfie(selfie));
      idv.login(r -> r.userId(alice).selfie(TestFaces.subject("alice").image(2)));
      idv.forget(alice);
    } finally {
      idvLogger.detachAppender(captured);
    }

    assertThat(captured.list).isNotEmpty();
    String base64 = java.util.Base64.getEncoder().encodeToString(selfie.bytes()).substring(100, 140);
    assertThat(captured.list)
        .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
        .noneMatch(m -> m.contains("alice@example.com"))
        .noneMatch(m -> m.contains(alice.providerSafe()))
        .noneMatch(m -> m.contains(base64))
        .noneMatch(m -> m.contains("X-Amz-Signature"));
  }

  @Test
  void build_endpointRegionCredentialsAndHttpClientSetOnce_configureTheCreatedClients() {
    UrlConnectionHttpClient delegate = (UrlConnectionHttpClient) UrlConnectionHttpClient.create();
    AtomicBoolean httpClosed = new AtomicBoolean();
    SdkHttpClient http = new SdkHttpClient() {
      @Override
      public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return delegate.prepareRequest(request);
      }

      @Override
      public void close() {
        httpClosed.set(true);
      }
    };
    try (IdentityVerifier configured = AwsIdentityVerifier.builder()
        .region(Region.US_EAST_1).credentialsProvider(TestClients.credentials())
        .endpointOverride(endpoint.endpoint()).httpClient(http)
        .collectionId(collectionId).bucket(bucket).tableName(tableName).build()) {
      endpoint.resetCalls();

      catchThrowable(() -> configured.login(r -> r.userId(alice).selfie(TestFaces.subject("alice").image(1))));

      assertThat(endpoint.callCounts()).as("requests sent to the configured endpoint").isNotEmpty();
    } finally {
      endpoint.resetCalls(); // DynamoDB/S3 requests sent to the Rekognition endpoint are refused there
      delegate.close();
    }
    assertThat(httpClosed).as("the HTTP client it was given is not closed").isFalse();
  }

  @Test
  void build_missingSettings_isRefused() {
    assertThatThrownBy(() -> AwsIdentityVerifier.builder().collectionId("c").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("bucket");
  }

  @Test
  void build_verifierSettingCoreRefuses_failsBeforeAnyClientIsCreated() {
    AwsIdentityVerifier.Builder builder = AwsIdentityVerifier.builder()
        .collectionId("c").bucket("bucket").tableName("table")
        .verifier(core -> core.intentTimeout(Duration.ZERO));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("intentTimeout");
  }

  @Test
  void close_withProvidedClient_doesNotCloseClient() {
    RekognitionClient providedRekognition = mock(RekognitionClient.class);
    S3Client providedS3 = mock(S3Client.class);
    DynamoDbClient providedDynamoDb = mock(DynamoDbClient.class);
    IdentityVerifier verifier =
        AwsIdentityVerifier.builder()
            .rekognitionClient(providedRekognition)
            .s3Client(providedS3)
            .dynamoDbClient(providedDynamoDb)
            .collectionId("c")
            .bucket("b")
            .tableName("table")
            .build();

    verifier.close();

    verify(providedRekognition, never()).close();
    verify(providedS3, never()).close();
    verify(providedDynamoDb, never()).close();
  }
}
