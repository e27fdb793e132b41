package io.github.idvkit.aws;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.idvkit.FaceImage;
import io.github.idvkit.ImageLimits;
import io.github.idvkit.testkit.contract.ContractFaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * Settings and clean-up for the tests against a real AWS account ({@code *IT}), which run only
 * with {@code IDV_AWS_IT=true} and the SDK's default credentials and region (for example {@code
 * AWS_PROFILE} and {@code AWS_REGION}).
 *
 * <p>Every resource name starts with {@link #RUN}, {@code idv-it-} and 8 random hex characters, so
 * that leftovers of a run are easy to find; each IT deletes what it made.
 *
 * <p>Rekognition needs photos of real faces: set {@code IDV_AWS_IT_FACES} to a directory holding
 * {@code person-a.jpg}, {@code person-a-again.jpg}, {@code person-b.jpg} and {@code no-face.jpg}
 * (use photos you may use, such as public-domain portraits, never photos of private people).
 * Without it the Rekognition ITs are skipped; S3 and DynamoDB ITs need no photos.
 */
final class RealAws {

  /** The prefix of every resource this run makes. */
  static final String RUN = "idv-it-" + UUID.randomUUID().toString().substring(0, 8);

  private RealAws() {}

  static RekognitionClient rekognition() {
    return RekognitionClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
  }

  static S3Client s3() {
    return S3Client.builder().httpClient(UrlConnectionHttpClient.create()).build();
  }

  static DynamoDbClient dynamoDb() {
    return DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
  }

  /** Returns a new name, {@code <RUN>-<what>-<4 hex>}. */
  static String name(String what) {
    return RUN + "-" + what + "-" + UUID.randomUUID().toString().substring(0, 4);
  }

  /** Creates a bucket in the client's region. */
  static void createBucket(S3Client s3, String bucket) {
    Region region = s3.serviceClientConfiguration().region();
    if (Region.US_EAST_1.equals(region)) {
      s3.createBucket(b -> b.bucket(bucket));
    } else {
      s3.createBucket(
          b -> b.bucket(bucket)
              .createBucketConfiguration(
                  c -> c.locationConstraint(BucketLocationConstraint.fromValue(region.id()))));
    }
  }

  /** Deletes every object of a bucket, then the bucket. */
  static void deleteBucket(S3Client s3, String bucket) {
    s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().forEach(
        o -> s3.deleteObjects(
            d -> d.bucket(bucket)
                .delete(x -> x.objects(ObjectIdentifier.builder().key(o.key()).build()))));
    s3.deleteBucket(b -> b.bucket(bucket));
  }

  /** Returns the photos from {@code IDV_AWS_IT_FACES}, or skips the test without them. */
  static ContractFaces photos() {
    String dir = System.getenv("IDV_AWS_IT_FACES");
    assumeTrue(
        dir != null && Files.isDirectory(Path.of(dir)),
        "Set IDV_AWS_IT_FACES to a directory of face photos to run the Rekognition ITs");
    Path root = Path.of(dir);
    FaceImage a = photo(root, "person-a.jpg");
    FaceImage b = photo(root, "person-b.jpg");
    return ContractFaces.builder()
        .personA(a)
        .personAAgain(photo(root, "person-a-again.jpg"))
        .personB(b)
        .noFace(photo(root, "no-face.jpg"))
        .twoPeople(ContractFaces.sideBySide(a, b).normalize(ImageLimits.rekognition()))
        .build();
  }

  private static FaceImage photo(Path root, String name) {
    return FaceImage.fromPath(root.resolve(name)).normalize(ImageLimits.rekognition());
  }

  /** Sleeps, for eventually consistent reads. */
  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
