package io.github.idvkit.aws;

import io.github.idvkit.FaceImage;
import io.github.idvkit.aws.internal.AwsExceptionTranslator;
import io.github.idvkit.aws.internal.RekognitionMapping;
import io.github.idvkit.spi.DetectionResult;
import io.github.idvkit.spi.FaceDetector;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.DetectFacesResponse;

/**
 * A {@link FaceDetector} on Amazon Rekognition {@code DetectFaces}, asking for every attribute so
 * that confidence, brightness, sharpness, pose, eyes, sunglasses and occlusion are all reported.
 *
 * <pre>{@code
 * RekognitionFaceDetector detector = RekognitionFaceDetector.builder()
 *     .rekognitionClient(rekognition)
 *     .build();
 * DetectionResult result = detector.detect(selfie.normalize(ImageLimits.rekognition()));
 * }</pre>
 *
 * <p>Thread-safe. One {@code DetectFaces} call per {@link #detect}; the SDK's retry strategy
 * applies. It never closes its client.
 */
public final class RekognitionFaceDetector implements FaceDetector {

  private static final Logger LOG = LoggerFactory.getLogger(RekognitionFaceDetector.class);

  private final RekognitionClient client;

  RekognitionFaceDetector(RekognitionClient client) {
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
    DetectFacesResponse response = AwsExceptionTranslator.call(RekognitionMapping.PROVIDER, "DetectFaces",
        "the image", () -> client.detectFaces(r -> r.image(RekognitionMapping.image(image)).attributes(RekognitionMapping.GATE_ATTRIBUTES)));
    DetectionResult result = DetectionResult.builder()
        .faces(RekognitionMapping.faces(response.faceDetails(), image.width(), image.height())).build();
    LOG.debug("Detected faces [provider=rekognition, faces={}, requestId={}]",
        result.faces().size(), AwsExceptionTranslator.requestId(response));
    return result;
  }

  /** Builds a {@link RekognitionFaceDetector}. Not thread-safe. */
  public static final class Builder {
    private @Nullable RekognitionClient client;

    private Builder() {}

    /**
     * Uses this client, configured as you like. Required; the detector never closes it.
     *
     * @param client the client
     * @return this builder
     */
    public Builder rekognitionClient(RekognitionClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Builds the detector.
     *
     * @return the detector
     * @throws IllegalStateException if the client is missing
     */
    public RekognitionFaceDetector build() {
      if (client == null) {
        throw new IllegalStateException("RekognitionFaceDetector.builder() needs rekognitionClient(...)");
      }
      return new RekognitionFaceDetector(client);
    }
  }
}
