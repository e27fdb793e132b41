package io.github.idvkit.aws;

import io.github.idvkit.FaceImage;
import io.github.idvkit.aws.internal.AwsExceptionTranslator;
import io.github.idvkit.aws.internal.ClientFactory;
import io.github.idvkit.aws.internal.RekognitionMapping;
import io.github.idvkit.spi.DetectionResult;
import io.github.idvkit.spi.FaceDetector;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.Attribute;
import software.amazon.awssdk.services.rekognition.model.DetectFacesRequest;
import software.amazon.awssdk.services.rekognition.model.DetectFacesResponse;

/**
 * A {@link FaceDetector} on Amazon Rekognition {@code DetectFaces}, asking for every attribute so
 * that confidence, brightness, sharpness, pose, eyes, sunglasses and occlusion are all reported.
 *
 * <pre>{@code
 * try (RekognitionFaceDetector detector = RekognitionFaceDetector.builder()
 *     .region(Region.EU_WEST_1)
 *     .build()) {
 *   DetectionResult result = detector.detect(selfie.normalize(ImageLimits.rekognition()));
 * }
 * }</pre>
 *
 * <p>Thread-safe. One {@code DetectFaces} call per {@link #detect}; the SDK's retry strategy
 * applies. Closes its client only if it created it.
 */
public final class RekognitionFaceDetector implements FaceDetector, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RekognitionFaceDetector.class);

  private final RekognitionClient client;
  private final boolean ownsClient;
  private final AtomicBoolean closed = new AtomicBoolean();

  RekognitionFaceDetector(RekognitionClient client, boolean ownsClient) {
    this.client = Objects.requireNonNull(client, "client");
    this.ownsClient = ownsClient;
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
   * Detects faces with {@code DetectFaces} and {@code Attributes=ALL}.
   *
   * @param image a normalised image
   * @return the faces, largest first, with the face model version
   * @throws io.github.idvkit.InvalidImageException if Rekognition cannot read the image
   * @throws io.github.idvkit.ConfigurationException if access is denied
   * @throws io.github.idvkit.ProviderException if Rekognition fails
   */
  @Override
  public DetectionResult detect(FaceImage image) {
    Objects.requireNonNull(image, "image");
    DetectFacesRequest request =
        DetectFacesRequest.builder()
            .image(RekognitionMapping.image(image))
            .attributes(Attribute.ALL)
            .build();
    DetectFacesResponse response =
        AwsExceptionTranslator.call(
            RekognitionMapping.PROVIDER,
            "DetectFaces",
            "the image",
            () -> client.detectFaces(request));
    DetectionResult result =
        DetectionResult.builder()
            .faces(RekognitionMapping.faces(response.faceDetails(), image.width(), image.height()))
            .build();
    LOG.debug(
        "Detected faces [provider=rekognition, faces={}, requestId={}]",
        result.faces().size(),
        AwsExceptionTranslator.requestId(response));
    return result;
  }

  /** Closes the Rekognition client if this detector created it. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && ownsClient) {
      client.close();
    }
  }

  /** Builds a {@link RekognitionFaceDetector}. Not thread-safe. */
  public static final class Builder {
    private @Nullable RekognitionClient client;
    private @Nullable Region region;
    private @Nullable AwsCredentialsProvider credentials;

    private Builder() {}

    /**
     * Uses this client; the detector will not close it. Without one, the detector creates its own
     * from {@link #region} and {@link #credentialsProvider} and closes it on {@link #close()}.
     *
     * @param client the client
     * @return this builder
     */
    public Builder rekognitionClient(RekognitionClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Sets the region of the client the detector creates; the SDK's default chain otherwise.
     *
     * @param region the region
     * @return this builder
     */
    public Builder region(Region region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /**
     * Sets the credentials of the client the detector creates; the SDK's default chain otherwise.
     *
     * @param credentials the credentials provider
     * @return this builder
     */
    public Builder credentialsProvider(AwsCredentialsProvider credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /**
     * Builds the detector.
     *
     * @return the detector
     */
    public RekognitionFaceDetector build() {
      if (client != null) {
        return new RekognitionFaceDetector(client, false);
      }
      return new RekognitionFaceDetector(
          ClientFactory.create(RekognitionClient.builder(), region, credentials), true);
    }
  }
}
