package io.github.idvkit;

import io.github.idvkit.internal.UserIdCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The application's identifier of a person, such as an account id or an e-mail address.
 *
 * <p>Any non-blank id of at most {@value #MAX_LENGTH} characters without control characters is
 * accepted. Providers restrict their ids to {@code [a-zA-Z0-9_.\-:]} and 128 characters, so
 * {@link #providerSafe()} maps the id reversibly into that set; {@link #fromProviderSafe(String)}
 * maps it back. The mapping never yields {@code "."} or {@code ".."}, a {@code '/'} or a leading
 * dot, so it is also safe as a single path segment or object-key segment.
 *
 * <p>{@link #toString()} is masked: it shows a short fingerprint, never the id itself, so a user id
 * that slips into a log or an exception message reveals nothing.
 *
 * @param value the id exactly as the application knows it
 */
public record UserId(String value) {

  /** The longest id accepted, in characters. */
  public static final int MAX_LENGTH = 128;

  /**
   * Creates a user id.
   *
   * @throws IllegalArgumentException if the id is blank, longer than {@value #MAX_LENGTH}
   *     characters, holds control characters, or its provider-safe form exceeds 126 characters
   */
  public UserId {
    UserIdCodec.validate(value);
  }

  /**
   * Returns the user id for {@code value}.
   *
   * @param value the application's id, for example {@code "alice@example.com"}
   * @return the user id
   * @throws IllegalArgumentException as {@link #UserId(String)}
   */
  public static UserId of(String value) {
    return new UserId(value);
  }

  /**
   * Returns the user id whose {@link #providerSafe()} form is {@code encoded}.
   *
   * @param encoded a value produced by {@link #providerSafe()}
   * @return the original user id
   * @throws IllegalArgumentException if {@code encoded} is not such a value
   */
  public static UserId fromProviderSafe(String encoded) {
    return new UserId(UserIdCodec.decode(encoded));
  }

  /**
   * Returns this id mapped reversibly to {@code [a-zA-Z0-9_.\-:]}, at most 126 characters, the
   * form stored in provider ids ({@code ExternalImageId}, Rekognition {@code UserId}, keys).
   *
   * @return the provider-safe form
   */
  public String providerSafe() {
    return UserIdCodec.encode(value);
  }

  /**
   * Returns a stable, non-reversible fingerprint of this id (8 hex characters of its SHA-256),
   * safe for logs and audit trails where the raw id must not appear.
   *
   * @return the fingerprint
   */
  public String fingerprint() {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** Returns a masked form, {@code UserId[#1a2b3c4d]}, that never shows the id. */
  @Override
  public String toString() {
    return "UserId[#" + fingerprint() + "]";
  }
}
