package io.github.idvkit.aws;

import io.github.idvkit.FaceImage;
import io.github.idvkit.StoredImage;
import io.github.idvkit.spi.FaceComparer;
import io.github.idvkit.testkit.contract.ContractFaces;
import io.github.idvkit.testkit.contract.FaceComparerContract;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@link RekognitionFaceComparer} passes the comparer contract on real Rekognition, reading stored
 * sources from a bucket of this run (in the Rekognition client's region, as Rekognition requires).
 */
@EnabledIfEnvironmentVariable(named = "IDV_AWS_IT", matches = "true")
class RekognitionFaceComparerIT extends FaceComparerContract {

  private static final String BUCKET = RealAws.name("ids");
  private static RekognitionClient client;
  private static S3Client s3;
  private static ContractFaces photos;

  @BeforeAll
  static void connect() {
    photos = RealAws.photos();
    client = RealAws.rekognition();
    s3 = RealAws.s3();
    RealAws.createBucket(s3, BUCKET);
  }

  @AfterAll
  static void disconnect() {
    if (s3 != null) {
      RealAws.deleteBucket(s3, BUCKET);
      s3.close();
    }
    if (client != null) {
      client.close();
    }
  }

  @Override
  protected FaceComparer newSubject() {
    return RekognitionFaceComparer.builder().rekognitionClient(client).build();
  }

  @Override
  protected ContractFaces faces() {
    return photos;
  }

  @Override
  protected StoredImage store(FaceImage image) {
    String key = "ids/" + UUID.randomUUID() + ".jpg";
    s3.putObject(
        b -> b.bucket(BUCKET).key(key).serverSideEncryption("AES256"),
        RequestBody.fromBytes(image.bytes()));
    return StoredImage.of("s3://" + BUCKET + "/" + key);
  }

  @Override
  protected StoredImage missingStoredImage() {
    return StoredImage.of("s3://" + BUCKET + "/ids/missing.jpg");
  }
}
