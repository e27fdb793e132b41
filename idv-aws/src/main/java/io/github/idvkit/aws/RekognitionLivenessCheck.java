package io.github.idvkit.aws;

import io.github.idvkit.ConfigurationException;
import io.github.idvkit.FaceImage;
import io.github.idvkit.InvalidImageException;
import io.github.idvkit.LivenessConfidence;
import io.github.idvkit.LivenessSessionId;
import io.github.idvkit.aws.internal.AwsExceptionTranslator;
import io.github.idvkit.aws.internal.RekognitionMapping;
import io.github.idvkit.spi.LivenessCheck;
import io.github.idvkit.spi.LivenessResult;
import io.github.idvkit.spi.LivenessState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.AuditImage;
import software.amazon.awssdk.services.rekognition.model.ChallengePreference;
import software.amazon.awssdk.services.rekognition.model.ChallengeType;
import software.amazon.awssdk.services.rekognition.model.CreateFaceLivenessSessionRequestSettings;
import software.amazon.awssdk.services.rekognition.model.GetFaceLivenessSessionResultsResponse;
import software.amazon.awssdk.services.rekognition.model.LivenessOutputConfig;
import software.amazon.awssdk.services.rekognition.model.SessionNotFoundException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A {@link LivenessCheck} on Amazon Rekognition Face Liveness: {@code CreateFaceLivenessSession}
 * creates the session the browser runs (AWS Amplify's {@code FaceLivenessDetector} streams the video
 * to Rekognition itself), {@code GetFaceLivenessSessionResults} reports its status, confidence
 * (0-100, mapped once to {@link LivenessConfidence}), reference image and audit images.
 *
 * <pre>{@code
 * RekognitionLivenessCheck liveness = RekognitionLivenessCheck.builder()
 *     .rekognitionClient(rekognition)
 *     .challenges(ChallengeType.FACE_MOVEMENT_AND_LIGHT_CHALLENGE)
 *     .build();
 * }</pre>
 *
 * <p>Images come back as bytes unless an output bucket is set ({@link Builder#outputBucket}); then
 * Rekognition writes them to that bucket (in the caller's account and region) and returns S3
 * objects, which this check reads with the {@link Builder#s3Client}. Objects written there are
 * outside idv's image store: idv neither lists nor forgets them, so give that prefix a lifecycle
 * rule that expires them, or keep the default (bytes, nothing written by Rekognition).
 *
 * <p>Thread-safe. One call per method; the SDK's retry strategy applies. It never closes its
 * clients.
 */
public final class RekognitionLivenessCheck implements LivenessCheck {

  private static final Logger LOG = LoggerFactory.getLogger(RekognitionLivenessCheck.class);

  private final RekognitionClient client;
  private final @Nullable S3Client s3;
  private final @Nullable String outputBucket;
  private final @Nullable String outputPrefix;
  private final @Nullable String kmsKeyId;
  private final List<ChallengeType> challenges;

  private RekognitionLivenessCheck(Builder b, RekognitionClient client) {
    this.client = client;
    this.s3 = b.s3;
    this.outputBucket = b.outputBucket;
    this.outputPrefix = b.outputPrefix;
    this.kmsKeyId = b.kmsKeyId;
    this.challenges = List.copyOf(b.challenges);
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public LivenessSessionId createSession(int auditImagesLimit) {
    if (auditImagesLimit < 0 || auditImagesLimit > 4) {
      throw new IllegalArgumentException("auditImagesLimit must be in [0, 4], got " + auditImagesLimit);
    }
    // Unset optional fields (null) are not sent.
    var settings = CreateFaceLivenessSessionRequestSettings.builder().auditImagesLimit(auditImagesLimit)
        .outputConfig(outputBucket == null ? null : LivenessOutputConfig.builder()
            .s3Bucket(outputBucket).s3KeyPrefix(outputPrefix).build())
        .challengePreferences(challenges.isEmpty() ? null
            : challenges.stream().map(type -> ChallengePreference.builder().type(type).build()).toList())
        .build();
    String sessionId = AwsExceptionTranslator.call(RekognitionMapping.PROVIDER, "CreateFaceLivenessSession",
        "a liveness session", () -> client.createFaceLivenessSession(r -> r.settings(settings).kmsKeyId(kmsKeyId))
            .sessionId());
    LOG.debug("Created a liveness session [provider=rekognition, auditImagesLimit={}]", auditImagesLimit);
    return LivenessSessionId.of(sessionId);
  }

  @Override
  public Optional<LivenessResult> result(LivenessSessionId sessionId) {
    Objects.requireNonNull(sessionId, "sessionId");
    if (!RekognitionIds.UUID.matcher(sessionId.value()).matches()) {
      return Optional.empty(); // not a Rekognition session id: Rekognition cannot know it
    }
    return AwsExceptionTranslator.callUnless(SessionNotFoundException.class, RekognitionMapping.PROVIDER,
        "GetFaceLivenessSessionResults", "a liveness session",
        () -> client.getFaceLivenessSessionResults(b -> b.sessionId(sessionId.value())))
        .map(response -> result(sessionId, response));
  }

  private LivenessResult result(LivenessSessionId sessionId, GetFaceLivenessSessionResultsResponse response) {
    LivenessResult.Builder result = LivenessResult.builder().sessionId(sessionId).state(state(response));
    if (response.confidence() != null) {
      result.confidence(LivenessConfidence.ofPercent(response.confidence()));
    }
    if (response.referenceImage() != null) {
      image(response.referenceImage()).ifPresent(result::referenceImage);
    }
    if (response.hasAuditImages()) {
      List<FaceImage> audits = new ArrayList<>();
      response.auditImages().forEach(audit -> image(audit).ifPresent(audits::add));
      result.addAllAuditImages(audits);
    }
    LOG.debug("Read a liveness session [provider=rekognition, status={}, confidence={}]",
        response.statusAsString(), response.confidence());
    return result.build();
  }

  private static LivenessState state(GetFaceLivenessSessionResultsResponse response) {
    return switch (response.statusAsString()) {
      case "CREATED" -> LivenessState.CREATED;
      case "IN_PROGRESS" -> LivenessState.IN_PROGRESS;
      case "SUCCEEDED" -> LivenessState.SUCCEEDED;
      case "EXPIRED" -> LivenessState.EXPIRED;
      default -> LivenessState.FAILED; // FAILED, or a status this SDK does not know: never a pass
    };
  }

  private Optional<FaceImage> image(AuditImage image) {
    try {
      if (image.bytes() != null) {
        return Optional.of(FaceImage.fromBytes(image.bytes().asByteArrayUnsafe()));
      }
      if (image.s3Object() != null) {
        if (s3 == null) {
          throw new ConfigurationException(
              "Rekognition wrote the liveness images to S3, but RekognitionLivenessCheck has no"
                  + " s3Client(...) to read them");
        }
        String bucket = image.s3Object().bucket();
        String key = image.s3Object().name();
        byte[] bytes = AwsExceptionTranslator.call("s3", "GetObject", "a liveness image", () ->
            s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
        return Optional.of(FaceImage.fromBytes(bytes));
      }
    } catch (InvalidImageException e) {
      LOG.warn("Rekognition returned a liveness image idv cannot read; ignored: {}", e.getMessage());
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "RekognitionLivenessCheck[output=" + (outputBucket != null ? "s3" : "bytes") + "]";
  }

  /** Builds a {@link RekognitionLivenessCheck}. Not thread-safe. */
  public static final class Builder {
    private @Nullable RekognitionClient client;
    private @Nullable S3Client s3;
    private @Nullable String outputBucket;
    private @Nullable String outputPrefix;
    private @Nullable String kmsKeyId;
    private final List<ChallengeType> challenges = new ArrayList<>();

    private Builder() {}

    /**
     * Uses this client, configured as you like. Required; the check never closes it.
     *
     * @param client the client
     * @return this builder
     */
    public Builder rekognitionClient(RekognitionClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Has Rekognition write the reference and audit images to a bucket instead of returning bytes
     * ({@code OutputConfig}); needs {@link #s3Client} to read them back.
     *
     * @param bucket the bucket, in the caller's account and the client's region
     * @param prefix the key prefix, or {@code null} for none
     * @return this builder
     */
    public Builder outputBucket(String bucket, @Nullable String prefix) {
      this.outputBucket = S3ImageStore.Builder.notBlank(bucket, "output bucket");
      this.outputPrefix = prefix;
      return this;
    }

    /**
     * Uses this client to read images from the output bucket; the check never closes it.
     *
     * @param s3 the client
     * @return this builder
     */
    public Builder s3Client(S3Client s3) {
      this.s3 = Objects.requireNonNull(s3, "s3");
      return this;
    }

    /**
     * Sets the KMS key that encrypts the images Rekognition writes to the output bucket.
     *
     * @param kmsKeyId the key id or ARN
     * @return this builder
     */
    public Builder kmsKeyId(String kmsKeyId) {
      this.kmsKeyId = Objects.requireNonNull(kmsKeyId, "kmsKeyId");
      return this;
    }

    /**
     * Sets the challenges the session prefers, in order ({@code ChallengePreferences}); Rekognition
     * picks by default.
     *
     * @param challenges the challenge types
     * @return this builder
     */
    public Builder challenges(ChallengeType... challenges) {
      this.challenges.clear();
      this.challenges.addAll(List.of(challenges));
      return this;
    }

    /**
     * Builds the check.
     *
     * @return the check
     * @throws IllegalStateException if the client is missing, or an output bucket is set without
     *     an S3 client
     */
    public RekognitionLivenessCheck build() {
      if (client == null) {
        throw new IllegalStateException("RekognitionLivenessCheck.builder() needs rekognitionClient(...)");
      }
      if (outputBucket != null && s3 == null) {
        throw new IllegalStateException("outputBucket(...) needs s3Client(...) to read the images back");
      }
      return new RekognitionLivenessCheck(this, client);
    }
  }
}
