package io.github.idvkit.aws;

import io.github.idvkit.BoundingBox;
import io.github.idvkit.DetectedFace;
import io.github.idvkit.FaceImage;
import io.github.idvkit.ImageSource;
import io.github.idvkit.Similarity;
import io.github.idvkit.StoredImage;
import io.github.idvkit.aws.internal.AwsExceptionTranslator;
import io.github.idvkit.aws.internal.RekognitionMapping;
import io.github.idvkit.aws.internal.S3Location;
import io.github.idvkit.spi.ComparedFace;
import io.github.idvkit.spi.Comparison;
import io.github.idvkit.spi.FaceComparer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.CompareFacesMatch;
import software.amazon.awssdk.services.rekognition.model.CompareFacesRequest;
import software.amazon.awssdk.services.rekognition.model.CompareFacesResponse;
import software.amazon.awssdk.services.rekognition.model.FaceDetail;
import software.amazon.awssdk.services.rekognition.model.InvalidParameterException;
import software.amazon.awssdk.services.rekognition.model.QualityFilter;

/**
 * A {@link FaceComparer} on Amazon Rekognition {@code CompareFaces}. The source (an ID photo) may
 * be bytes or an {@code s3://bucket/key} {@link StoredImage} that Rekognition reads itself.
 *
 * <pre>{@code
 * RekognitionFaceComparer comparer = RekognitionFaceComparer.builder()
 *     .rekognitionClient(rekognition)
 *     .build();
 * Comparison c = comparer.compare(StoredImage.of("s3://ids/alice.jpg"), selfie);
 * }</pre>
 *
 * <p>Reports facts only: it sends {@code SimilarityThreshold=0} and {@code QualityFilter=NONE}, so
 * every target face comes back with its similarity, and core applies the policy's threshold.
 * Rekognition refuses a source without a face with {@code InvalidParameterException}; the comparer
 * then checks both images with {@code DetectFaces} and reports the missing face as the contract
 * says, instead of failing.
 *
 * <p>Thread-safe. It never closes its client.
 */
public final class RekognitionFaceComparer implements FaceComparer {

  private static final Logger LOG = LoggerFactory.getLogger(RekognitionFaceComparer.class);

  private final RekognitionClient client;

  RekognitionFaceComparer(RekognitionClient client) {
    this.client = client;
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Compares the largest face of {@code source} with every face of {@code target}.
   *
   * @param source the ID photo, as bytes or an {@code s3://} reference
   * @param target a normalised image
   * @return every target face with its similarity, highest first
   * @throws io.github.idvkit.InvalidImageException if Rekognition cannot read an image
   * @throws io.github.idvkit.ConfigurationException if a stored source does not exist, cannot be
   *     read, or access is denied
   * @throws io.github.idvkit.ProviderException if Rekognition fails
   * @throws IllegalArgumentException if a stored source is not an {@code s3://} reference
   */
  @Override
  public Comparison compare(ImageSource source, FaceImage target) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    String resource = describe(source);
    CompareFacesResponse response;
    try {
      response = client.compareFaces(CompareFacesRequest.builder().sourceImage(RekognitionMapping.image(source))
          .targetImage(RekognitionMapping.image(target)).similarityThreshold(0f).qualityFilter(QualityFilter.NONE)
          .build());
    } catch (InvalidParameterException e) {
      return withoutFace(source, target, resource, e);
    } catch (RuntimeException e) {
      throw AwsExceptionTranslator.translate(e, RekognitionMapping.PROVIDER, "CompareFaces", resource);
    }
    Comparison comparison = map(response);
    LOG.debug("Compared faces [provider=rekognition, targetFaces={}, unmatched={}, best={}, requestId={}]",
        comparison.targetFaces().size(), comparison.unmatchedFaces().size(),
        comparison.bestMatch().map(ComparedFace::similarity).orElse(null), AwsExceptionTranslator.requestId(response));
    return comparison;
  }

  private static Comparison map(CompareFacesResponse response) {
    if (response.sourceImageFace() == null || response.sourceImageFace().boundingBox() == null) {
      return Comparison.builder().build();
    }
    Comparison.Builder comparison =
        Comparison.builder().sourceFace(RekognitionMapping.box(response.sourceImageFace().boundingBox()));
    List<ComparedFace> faces = new ArrayList<>();
    for (CompareFacesMatch match : response.faceMatches()) {
      if (match.face() == null || match.face().boundingBox() == null) {
        continue;
      }
      BoundingBox box = RekognitionMapping.box(match.face().boundingBox());
      if (match.similarity() == null || match.similarity().isNaN()) {
        comparison.addUnmatchedFace(box); // AWS documents Similarity as optional: none is invented
      } else {
        faces.add(ComparedFace.of(box, RekognitionMapping.similarity(match.similarity())));
      }
    }
    // Faces Rekognition found but did not compare (it compares the 100 largest) have no similarity.
    response.unmatchedFaces().stream().filter(face -> face.boundingBox() != null)
        .forEach(face -> comparison.addUnmatchedFace(RekognitionMapping.box(face.boundingBox())));
    faces.sort(Comparator.comparing(ComparedFace::similarity).reversed());
    return comparison.targetFaces(faces).build();
  }

  private Comparison withoutFace(
      ImageSource source, FaceImage target, String resource, InvalidParameterException cause) {
    List<DetectedFace> sourceFaces = RekognitionMapping.faces(detect(source, resource), 0, 0);
    if (sourceFaces.isEmpty()) {
      LOG.debug("Compared faces [provider=rekognition, sourceFace=none]");
      return Comparison.builder().build();
    }
    if (detect(target, "the target image").isEmpty()) {
      LOG.debug("Compared faces [provider=rekognition, targetFaces=0]");
      return Comparison.builder().sourceFace(sourceFaces.get(0).box()).build(); // the largest
    }
    throw AwsExceptionTranslator.translate(cause, RekognitionMapping.PROVIDER, "CompareFaces", resource);
  }

  private List<FaceDetail> detect(ImageSource image, String resource) {
    return AwsExceptionTranslator.call(RekognitionMapping.PROVIDER, "DetectFaces", resource,
        () -> client.detectFaces(r -> r.image(RekognitionMapping.image(image)))).faceDetails();
  }

  private static String describe(ImageSource source) {
    if (source instanceof StoredImage stored) {
      // The key may name a person; only the bucket is shown.
      return "the source image in bucket '" + S3Location.of(stored).bucket() + "'";
    }
    return "the images";
  }

  /** Builds a {@link RekognitionFaceComparer}. Not thread-safe. */
  public static final class Builder {
    private @Nullable RekognitionClient client;

    private Builder() {}

    /**
     * Uses this client, configured as you like. Required; the comparer never closes it.
     *
     * @param client the client
     * @return this builder
     */
    public Builder rekognitionClient(RekognitionClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Builds the comparer.
     *
     * @return the comparer
     * @throws IllegalStateException if the client is missing
     */
    public RekognitionFaceComparer build() {
      if (client == null) {
        throw new IllegalStateException("RekognitionFaceComparer.builder() needs rekognitionClient(...)");
      }
      return new RekognitionFaceComparer(client);
    }
  }
}
