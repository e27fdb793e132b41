package io.github.idvkit.aws.internal;

import io.github.idvkit.StoredImage;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * A bucket and key parsed from, or turned into, an {@code s3://bucket/key} reference. Not API.
 *
 * @param bucket the bucket
 * @param key the key
 */
public record S3Location(String bucket, String key) {

  /** Checks that both parts are present. */
  public S3Location {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
  }

  /**
   * Parses an {@code s3://bucket/key} reference; {@link IllegalArgumentException} unless it is one
   * with a bucket and key.
   */
  public static S3Location of(StoredImage image) {
    URI uri = image.uri();
    if (!"s3".equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException(
          "Not an S3 reference (expected s3://bucket/key): scheme " + uri.getScheme());
    }
    String bucket = uri.getAuthority();
    String path = uri.getPath();
    if (bucket == null || bucket.isEmpty() || path == null || path.length() < 2) {
      throw new IllegalArgumentException("An S3 reference needs a bucket and a key: s3://bucket/key");
    }
    return new S3Location(bucket, path.substring(1));
  }

  /** Returns a location. */
  public static S3Location of(String bucket, String key) {
    return new S3Location(bucket, key);
  }

  /** Returns the {@code s3://bucket/key} reference. */
  public StoredImage toStoredImage() {
    try {
      return new StoredImage(new URI("s3", bucket, "/" + key, null));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("Cannot form an S3 reference for bucket " + bucket, e);
    }
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + key;
  }
}
