package io.github.idvkit.aws;

import io.github.idvkit.ConfigurationException;
import io.github.idvkit.FaceId;
import io.github.idvkit.FaceImage;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.aws.internal.AwsExceptionTranslator;
import io.github.idvkit.aws.internal.PagedStream;
import io.github.idvkit.aws.internal.S3Location;
import io.github.idvkit.spi.ImageKeys;
import io.github.idvkit.spi.ImageStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * An {@link ImageStore} on an Amazon S3 bucket.
 *
 * <pre>{@code
 * S3ImageStore images = S3ImageStore.builder()
 *     .s3Client(s3)
 *     .bucket("idv-faces")
 *     .prefix("prod/")
 *     .kmsKeyId("alias/idv")        // optional: SSE-KMS instead of SSE-S3
 *     .build();
 * StoredImage ref = images.put(user, faceId, selfie);   // s3://idv-faces/prod/faces/<hash>/<faceId>.jpg
 * }</pre>
 *
 * <p>Every object is written with server-side encryption, SSE-S3 ({@code AES256}) unless a KMS key
 * is set (SSE-KMS), and with the image's content type. Keys are {@link ImageKeys#key} below the
 * configured prefix, so they hold no raw user id. References are {@code s3://bucket/key}; the store
 * never hands out public URLs. A short-lived presigned GET for a human review is available only when
 * enabled explicitly with {@link Builder#presignedReview(S3Presigner, Duration)}.
 *
 * <p>{@link #get} and {@link #delete} act only on objects of this store's bucket and prefix; other
 * references are refused with {@link ConfigurationException}, so a forged reference cannot read or
 * delete anything else. Objects below the prefix whose keys are outside idv's layout ({@link
 * ImageKeys#isIdvKey}) belong to another application sharing the bucket: they are never listed,
 * read ({@link #get} reports them absent) or deleted ({@link #delete} returns {@code false}).
 *
 * <p>Thread-safe; it never closes its client or presigner.
 */
public final class S3ImageStore implements ImageStore {

  private static final Logger LOG = LoggerFactory.getLogger(S3ImageStore.class);
  private static final String PROVIDER = "s3";
  private static final Pattern PREFIX = Pattern.compile("([A-Za-z0-9_.\\-]+/)*");
  private static final Duration MAX_REVIEW_EXPIRY = Duration.ofHours(1);

  private final S3Client client;
  private final String bucket;
  private final String prefix;
  private final @Nullable String kmsKeyId;
  private final @Nullable Duration reviewExpiry;
  private final @Nullable S3Presigner presigner;
  private final @Nullable Integer listPageSize;
  private final String resource;

  private S3ImageStore(Builder b, S3Client client) {
    this.client = client;
    this.bucket = Objects.requireNonNull(b.bucket, "bucket");
    this.prefix = b.prefix;
    this.kmsKeyId = b.kmsKeyId;
    this.reviewExpiry = b.reviewExpiry;
    this.listPageSize = b.listPageSize;
    this.resource = "bucket '" + bucket + "'";
    this.presigner = b.presigner;
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
   * Returns the bucket.
   *
   * @return the bucket
   */
  public String bucket() {
    return bucket;
  }

  /**
   * Stores the image under {@code prefix + ImageKeys.key(user, faceId)} with server-side
   * encryption and the image's content type.
   *
   * @param user the owner
   * @param faceId the indexed face the image shows
   * @param image the normalised image
   * @return the {@code s3://bucket/key} reference
   * @throws io.github.idvkit.ConfigurationException if the bucket does not exist or access is
   *     denied
   * @throws io.github.idvkit.ProviderException if S3 fails
   */
  @Override
  public StoredImage put(UserId user, FaceId faceId, FaceImage image) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(faceId, "faceId");
    Objects.requireNonNull(image, "image");
    String key = prefix + ImageKeys.key(user, faceId);
    PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(key)
        .contentType(image.format().mediaType()).contentLength((long) image.size());
    if (kmsKeyId == null) {
      request.serverSideEncryption(ServerSideEncryption.AES256);
    } else {
      request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyId);
    }
    PutObjectRequest built = request.build();
    var response = call("PutObject", () -> client.putObject(built, RequestBody.fromBytes(image.bytes())));
    LOG.debug("Stored image [provider=s3, bucket={}, faceId={}, size={}, requestId={}]",
        bucket, faceId, image.size(), AwsExceptionTranslator.requestId(response));
    return S3Location.of(bucket, key).toStoredImage();
  }

  @Override
  public Optional<FaceImage> get(StoredImage image) {
    S3Location location = own(image);
    if (!isIdvKey(location)) {
      return Optional.empty(); // another application's object: never read
    }
    return unlessMissing("GetObject", () -> FaceImage.fromBytes(client.getObjectAsBytes(
        r -> r.bucket(location.bucket()).key(location.key())).asByteArrayUnsafe()));
  }

  /**
   * Deletes the image; a {@code HeadObject} first tells whether it existed, since S3 deletes are
   * silent about that.
   *
   * @param image the reference
   * @return {@code true} if it existed
   * @throws ConfigurationException if the reference is not one of this store's images
   * @throws io.github.idvkit.ProviderException if S3 fails
   */
  @Override
  public boolean delete(StoredImage image) {
    S3Location location = own(image);
    if (!isIdvKey(location)) {
      LOG.debug("Left an object idv did not write [provider=s3, bucket={}]", bucket);
      return false;
    }
    if (unlessMissing("HeadObject", () -> client.headObject(
        r -> r.bucket(location.bucket()).key(location.key()))).isEmpty()) {
      return false;
    }
    call("DeleteObject", () -> client.deleteObject(r -> r.bucket(location.bucket()).key(location.key())));
    LOG.debug("Deleted image [provider=s3, bucket={}]", bucket);
    return true;
  }

  /**
   * Runs a read of one object; empty if the key does not exist. A HEAD response has no body, so
   * its missing key is a bare 404; a GET names a missing bucket ({@code NoSuchBucket}), which is
   * a configuration error, not an absent image.
   */
  private <T> Optional<T> unlessMissing(String operation, Supplier<T> read) {
    try {
      return Optional.of(read.get());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      if (e instanceof S3Exception s3 && s3.statusCode() == 404
          && !"NoSuchBucket".equals(AwsExceptionTranslator.errorCode(s3))) {
        return Optional.empty();
      }
      throw AwsExceptionTranslator.translate(e, PROVIDER, operation, resource);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Lists the objects below the user's key prefix with {@code ListObjectsV2}, following every
   * page; keys outside idv's layout are skipped.
   */
  @Override
  public List<StoredImage> list(UserId user) {
    Objects.requireNonNull(user, "user");
    try (Stream<StoredImage> images = listed(prefix + ImageKeys.userPrefix(user))) {
      return images.toList();
    }
  }

  private Stream<StoredImage> listed(String keyPrefix) {
    ListObjectsV2Request request =
        ListObjectsV2Request.builder().bucket(bucket).prefix(keyPrefix).maxKeys(listPageSize).build();
    return PagedStream.of(PROVIDER, "ListObjectsV2", resource,
            () -> client.listObjectsV2Paginator(request).contents().iterator())
        .map(S3Object::key)
        .filter(key -> key.startsWith(prefix) && ImageKeys.isIdvKey(key.substring(prefix.length())))
        .map(key -> S3Location.of(bucket, key).toStoredImage());
  }

  /**
   * {@inheritDoc}
   *
   * <p>Lists the objects below the store's prefix and {@code faces/} with {@code ListObjectsV2},
   * one page at a time as the stream is read (the first page before this returns). Keys outside
   * idv's layout ({@link ImageKeys#isIdvKey}, relative to the prefix) are another application's and
   * are skipped.
   */
  @Override
  public Stream<StoredImage> listAll() {
    return listed(prefix + "faces/");
  }

  /**
   * Returns a presigned GET URL for a human review of one stored image, valid for {@code expiry}.
   * Only available when enabled with {@link Builder#presignedReview(S3Presigner, Duration)}, and never longer
   * than the maximum set there. The URL grants read access to anyone who holds it until it
   * expires: never log it, store it or send it anywhere but to the reviewer.
   *
   * @param image the reference, in this store's bucket and prefix
   * @param expiry how long the URL is valid
   * @return the URL
   * @throws IllegalStateException if presigned review URLs are not enabled
   * @throws IllegalArgumentException if the expiry exceeds the maximum
   * @throws ConfigurationException if the reference is not one of this store's images
   */
  public URI presignedReviewUrl(StoredImage image, Duration expiry) {
    if (presigner == null || reviewExpiry == null) {
      throw new IllegalStateException(
          "Presigned review URLs are off; enable them with S3ImageStore.builder()"
              + ".presignedReview(presigner, maxExpiry)");
    }
    Objects.requireNonNull(expiry, "expiry");
    if (expiry.isNegative() || expiry.isZero() || expiry.compareTo(reviewExpiry) > 0) {
      throw new IllegalArgumentException(
          "The expiry must be positive and at most " + reviewExpiry + ", got " + expiry);
    }
    S3Location location = own(image);
    if (!isIdvKey(location)) {
      throw notOwn(null); // another application's object: never handed out
    }
    var presigned = presigner.presignGetObject(p -> p.signatureDuration(expiry)
        .getObjectRequest(g -> g.bucket(location.bucket()).key(location.key())));
    LOG.debug("Presigned a review URL [provider=s3, bucket={}, expiry={}]", bucket, expiry);
    try {
      return presigned.url().toURI();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("The SDK presigned an invalid URL", e);
    }
  }

  /**
   * Returns the location of a reference to this store's bucket and prefix; any other reference
   * (another scheme, bucket or prefix) is refused.
   */
  private S3Location own(StoredImage image) {
    Objects.requireNonNull(image, "image");
    S3Location location;
    try {
      location = S3Location.of(image);
    } catch (IllegalArgumentException e) {
      throw notOwn(e);
    }
    if (!location.bucket().equals(bucket) || !location.key().startsWith(prefix)) {
      throw notOwn(null);
    }
    return location;
  }

  /** Tells whether a key of this store's bucket and prefix is in idv's layout (else: foreign). */
  private boolean isIdvKey(S3Location location) {
    return ImageKeys.isIdvKey(location.key().substring(prefix.length()));
  }

  private ConfigurationException notOwn(@Nullable Throwable cause) {
    return new ConfigurationException(
        "The image reference does not belong to this store (bucket '" + bucket + "', prefix '"
            + prefix + "'); use the store that wrote it",
        cause);
  }

  private <T> T call(String operation, Supplier<T> call) {
    return AwsExceptionTranslator.call(PROVIDER, operation, resource, call);
  }

  /** Builds an {@link S3ImageStore}. Not thread-safe. */
  public static final class Builder {
    private @Nullable S3Client client;
    private @Nullable String bucket;
    private String prefix = "";
    private @Nullable String kmsKeyId;
    private @Nullable Duration reviewExpiry;
    private @Nullable S3Presigner presigner;
    private @Nullable Integer listPageSize;

    private Builder() {}

    /** Caps the page size of {@code ListObjectsV2}, so tests can see paging with few objects. */
    Builder listPageSize(int listPageSize) {
      this.listPageSize = listPageSize;
      return this;
    }

    /**
     * Uses this client, configured as you like. Required; the store never closes it.
     *
     * @param client the client
     * @return this builder
     */
    public Builder s3Client(S3Client client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Sets the bucket. Required.
     *
     * @param bucket the bucket name
     * @return this builder
     */
    public Builder bucket(String bucket) {
      this.bucket = notBlank(bucket, "bucket name");
      return this;
    }

    static String notBlank(String value, String what) {
      if (Objects.requireNonNull(value, what).isBlank()) {
        throw new IllegalArgumentException("The " + what + " must not be blank");
      }
      return value;
    }

    /**
     * Sets the key prefix, empty by default; for example {@code "prod/"}.
     *
     * @param prefix segments of {@code [A-Za-z0-9_.\-]}, each ending in {@code '/'}
     * @return this builder
     * @throws IllegalArgumentException if the prefix is not of that form
     */
    public Builder prefix(String prefix) {
      this.prefix = validPrefix(prefix);
      return this;
    }

    static String validPrefix(String prefix) {
      Objects.requireNonNull(prefix, "prefix");
      if (!PREFIX.matcher(prefix).matches() || prefix.contains("../") || prefix.startsWith("./")) {
        throw new IllegalArgumentException(
            "A prefix is empty or segments of [A-Za-z0-9_.-] each ending in '/', such as \"prod/\"");
      }
      return prefix;
    }

    /**
     * Encrypts with SSE-KMS under this key instead of SSE-S3.
     *
     * @param kmsKeyId a KMS key id, ARN or alias
     * @return this builder
     */
    public Builder kmsKeyId(String kmsKeyId) {
      this.kmsKeyId = notBlank(kmsKeyId, "KMS key id");
      return this;
    }

    /**
     * Enables {@link S3ImageStore#presignedReviewUrl}, signed by this presigner (which the store
     * never closes), with URLs valid for at most {@code maxExpiry} (at most one hour). Off by
     * default: only enable it for a human review tool.
     *
     * @param presigner the presigner, for the same account and endpoint as the client
     * @param maxExpiry the longest validity a URL may get
     * @return this builder
     * @throws IllegalArgumentException if {@code maxExpiry} is not positive or exceeds one hour
     */
    public Builder presignedReview(S3Presigner presigner, Duration maxExpiry) {
      Objects.requireNonNull(maxExpiry, "maxExpiry");
      if (maxExpiry.isNegative() || maxExpiry.isZero() || maxExpiry.compareTo(MAX_REVIEW_EXPIRY) > 0) {
        throw new IllegalArgumentException(
            "The review URL expiry must be positive and at most one hour, got " + maxExpiry);
      }
      this.presigner = Objects.requireNonNull(presigner, "presigner");
      this.reviewExpiry = maxExpiry;
      return this;
    }

    /**
     * Builds the store.
     *
     * @return the store
     * @throws IllegalStateException if the client or the bucket is missing
     */
    public S3ImageStore build() {
      if (client == null || bucket == null) {
        throw new IllegalStateException("S3ImageStore.builder() needs s3Client(...) and bucket(...)");
      }
      return new S3ImageStore(this, client);
    }
  }
}
