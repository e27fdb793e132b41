package io.github.idvkit.aws;

import io.github.idvkit.FaceImage;
import io.github.idvkit.StoredImage;
import io.github.idvkit.spi.FaceComparer;
import io.github.idvkit.testkit.contract.ContractFaces;
import io.github.idvkit.testkit.contract.FaceComparerContract;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * {@link RekognitionFaceComparer} passes the comparer contract on the local endpoint, with stored
 * sources in S3 (s3proxy) that the endpoint reads as Rekognition reads {@code S3Object}s.
 */
class RekognitionFaceComparerTest extends FaceComparerContract {

  @RegisterExtension static final LocalS3Extension S3 = new LocalS3Extension();

  private static final String BUCKET = "id-photos-" + UUID.randomUUID();
  private static S3Client s3;
  private static RekognitionEndpoint endpoint;
  private static RekognitionClient client;

  @BeforeAll
  static void start() {
    s3 = S3.client();
    s3.createBucket(b -> b.bucket(BUCKET));
    endpoint = RekognitionEndpoint.start((bucket, key) -> read(s3, bucket, key));
    client = endpoint.client();
  }

  @AfterAll
  static void stop() {
    client.close();
    endpoint.close();
    s3.close();
  }

  static Optional<byte[]> read(S3Client s3, String bucket, String key) {
    try {
      return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  @Override
  protected FaceComparer newSubject() {
    return RekognitionFaceComparer.builder().rekognitionClient(client).build();
  }

  @Override
  protected ContractFaces faces() {
    return ContractFaces.synthetic();
  }

  @Override
  protected StoredImage store(FaceImage image) {
    String key = "ids/" + UUID.randomUUID() + ".png";
    s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(image.bytes()));
    return StoredImage.of("s3://" + BUCKET + "/" + key);
  }

  @Override
  protected StoredImage missingStoredImage() {
    return StoredImage.of("s3://" + BUCKET + "/ids/missing.png");
  }
}
