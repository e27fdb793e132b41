package io.github.idvkit;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A reference to an image held by an image store, as a URI such as {@code s3://bucket/key},
 * {@code file:///var/idv/images/...} or {@code memory://images/...}.
 *
 * <p>Never a public or presigned URL: a reference grants nothing by itself, reading it needs the
 * store's own credentials.
 *
 * @param uri the reference
 */
public record StoredImage(URI uri) implements ImageSource {

  /**
   * Creates a reference.
   *
   * @throws IllegalArgumentException if the URI has no scheme, or is an {@code http(s)} URL
   */
  public StoredImage {
    if (uri == null) {
      throw new NullPointerException("uri");
    }
    String scheme = uri.getScheme();
    if (scheme == null) {
      throw new IllegalArgumentException(
          "A stored image reference needs a scheme, such as s3://bucket/key");
    }
    if (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) {
      throw new IllegalArgumentException(
          "A stored image reference must not be a web URL; use the store's own scheme, such as"
              + " s3://bucket/key");
    }
  }

  /**
   * Returns the reference for {@code uri}.
   *
   * @param uri for example {@code "s3://ids/alice.jpg"}
   * @return the reference
   * @throws IllegalArgumentException if {@code uri} is not a valid URI or is a web URL
   */
  public static StoredImage of(String uri) {
    return new StoredImage(URI.create(uri));
  }

  /**
   * Returns the URI's scheme, which names the store kind ({@code s3}, {@code file}, {@code memory}).
   *
   * @return the scheme
   */
  public String scheme() {
    return uri.getScheme();
  }

  /**
   * Returns a masked form, {@code StoredImage[s3://ids/…#1a2b3c4d]}: the scheme and the store
   * (bucket or host) as they are, the rest only as a fingerprint (8 hex characters of the SHA-256 of
   * the URI). Keys are often chosen by the application and may name a person ({@code
   * s3://ids/alice.jpg}); {@link #uri()} gives the reference itself.
   */
  @Override
  public String toString() {
    String authority = uri.getRawAuthority();
    return "StoredImage[" + uri.getScheme() + "://" + (authority == null ? "" : authority) + "/…#"
        + fingerprint() + "]";
  }

  private String fingerprint() {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(uri.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
