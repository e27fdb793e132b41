package io.github.idvkit.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.ForgetResult;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.LoginDecision;
import io.github.idvkit.RegisterDecision;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.UserId;
import io.github.idvkit.testkit.contract.ContractFaces;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Register, log in and forget on real AWS: provisioning makes a collection and a table of this
 * run, in a bucket of this run; everything is deleted afterwards.
 */
@EnabledIfEnvironmentVariable(named = "IDV_AWS_IT", matches = "true")
class AwsIdentityVerifierIT {

  private static final String COLLECTION = RealAws.name("users");
  private static final String BUCKET = RealAws.name("faces");
  private static final String TABLE = RealAws.name("faces");
  private static ContractFaces photos;
  private static RekognitionClient rekognition;
  private static S3Client s3;
  private static DynamoDbClient dynamoDb;
  private static AwsIdentityVerifier.Builder aws;

  @BeforeAll
  static void provision() {
    photos = RealAws.photos();
    rekognition = RealAws.rekognition();
    s3 = RealAws.s3();
    dynamoDb = RealAws.dynamoDb();
    RealAws.createBucket(s3, BUCKET);
    aws =
        AwsIdentityVerifier.builder()
            .rekognitionClient(rekognition)
            .s3Client(s3)
            .dynamoDbClient(dynamoDb)
            .collectionId(COLLECTION)
            .collectionTag("idv-it", RealAws.RUN)
            .bucket(BUCKET)
            .tableName(TABLE);
    assertThat(aws.provision().ready()).isTrue();
  }

  @AfterAll
  static void tearDown() {
    if (rekognition == null) {
      return;
    }
    RekognitionFaceIndex.builder().rekognitionClient(rekognition).collectionId(COLLECTION).build()
        .deleteCollection();
    DynamoDbFaceRecordStore.builder().dynamoDbClient(dynamoDb).tableName(TABLE).build().deleteTable();
    RealAws.deleteBucket(s3, BUCKET);
    rekognition.close();
    s3.close();
    dynamoDb.close();
  }

  @Test
  void flow_registerLoginForget_onRealAws() {
    UserId user = UserId.of(RealAws.RUN + "@example.com");
    try (IdentityVerifier idv = aws.build()) {
      RegisterResult registered = idv.register(r -> r.userId(user).selfie(photos.personA()));
      assertThat(registered.decision()).isEqualTo(RegisterDecision.REGISTERED);
      RealAws.pause(3000);

      assertThat(idv.login(r -> r.userId(user).selfie(photos.personAAgain())).decision())
          .isEqualTo(LoginDecision.VERIFIED);
      assertThat(idv.login(r -> r.userId(user).selfie(photos.personB())).decision())
          .isEqualTo(LoginDecision.NOT_MATCHED);

      ForgetResult forgotten = idv.forget(user);
      assertThat(forgotten.deletedFaces()).hasSize(1);
      assertThat(forgotten.deletedImages()).isEqualTo(1);
      assertThat(forgotten.deletedRecords()).isEqualTo(1);
    }
  }
}
