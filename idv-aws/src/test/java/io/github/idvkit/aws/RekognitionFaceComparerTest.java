package io.github.idvkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.github.idvkit.BoundingBox;
import io.github.idvkit.FaceImage;
import io.github.idvkit.StoredImage;
import io.github.idvkit.spi.Comparison;
import io.github.idvkit.spi.FaceComparer;
import io.github.idvkit.testkit.contract.ContractFaces;
import io.github.idvkit.testkit.contract.FaceComparerContract;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.CompareFacesMatch;
import software.amazon.awssdk.services.rekognition.model.CompareFacesRequest;
import software.amazon.awssdk.services.rekognition.model.CompareFacesResponse;
import software.amazon.awssdk.services.rekognition.model.ComparedFace;
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

  @Test
  void compare_facesRekognitionGaveNoSimilarity_areUnmatchedNotScoredZero() {
    RekognitionClient scripted = mock(RekognitionClient.class);
    when(scripted.compareFaces(any(CompareFacesRequest.class))).thenReturn(CompareFacesResponse.builder()
        .sourceImageFace(f -> f.boundingBox(box(0.1f)))
        .faceMatches(
            CompareFacesMatch.builder().similarity(99.5f).face(f -> f.boundingBox(box(0.2f))).build(),
            CompareFacesMatch.builder().face(f -> f.boundingBox(box(0.25f))).build())
        .unmatchedFaces(ComparedFace.builder().boundingBox(box(0.5f)).build())
        .build());

    Comparison comparison = RekognitionFaceComparer.builder().rekognitionClient(scripted).build()
        .compare(faces().personA(), faces().personAAgain());

    assertThat(comparison.targetFaces()).singleElement().satisfies(face -> {
      assertThat(face.similarity().percent()).isCloseTo(99.5, within(1e-4));
      assertThat(face.similarity().scale()).contains("aws:rekognition/percent");
    });
    assertThat(comparison.unmatchedFaces()).extracting(BoundingBox::left).containsExactly(0.25, 0.5);
  }

  private static software.amazon.awssdk.services.rekognition.model.BoundingBox box(float left) {
    return software.amazon.awssdk.services.rekognition.model.BoundingBox.builder()
        .left(left).top(0.1f).width(0.2f).height(0.2f).build();
  }
}
