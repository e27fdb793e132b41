package io.github.idvkit.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The reversible mapping between application user ids and provider-safe ids. Not API.
 *
 * <p>Characters {@code [A-Za-z0-9_-]} and non-leading dots stand for themselves; every other byte of
 * the UTF-8 form, the escape character {@code ':'} and a leading dot become {@code :XX} (upper-case
 * hex). The mapping is a bijection between valid ids and its outputs.
 */
public final class UserIdCodec {

  /**
   * Longest provider-safe form accepted by every provider: Rekognition's {@code UserId} allows 128
   * characters, less the 2 of idv-aws's {@code ":u"} mark.
   */
  public static final int MAX_ENCODED_LENGTH = 126;

  private static final char ESCAPE = ':';
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private UserIdCodec() {}

  /** Checks a raw id; see {@code UserId}. */
  public static void validate(String value) {
    if (value == null) {
      throw new NullPointerException("userId");
    }
    if (value.isBlank()) {
      throw new IllegalArgumentException("A user id must not be blank");
    }
    if (value.length() > 128) {
      throw new IllegalArgumentException(
          "A user id must have at most 128 characters, this one has " + value.length());
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new IllegalArgumentException(
            "A user id must not contain control characters (found one at index " + i + ")");
      }
    }
    if (!isWellFormedUtf16(value)) {
      throw new IllegalArgumentException("A user id must be well-formed Unicode text");
    }
    int encoded = encodedLength(value);
    if (encoded > MAX_ENCODED_LENGTH) {
      throw new IllegalArgumentException(
          "A user id's provider-safe form must have at most "
              + MAX_ENCODED_LENGTH
              + " characters, this one needs "
              + encoded
              + "; use a shorter id (each character outside [A-Za-z0-9_.-] takes 3 or more)");
    }
  }

  /** Encodes a valid raw id. */
  public static String encode(String value) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < utf8.length; i++) {
      int b = utf8[i] & 0xFF;
      if (isPlain(b) || (b == '.' && i > 0)) {
        out.append((char) b);
      } else {
        out.append(ESCAPE).append(HEX[b >>> 4]).append(HEX[b & 0xF]);
      }
    }
    return out.toString();
  }

  /** Decodes a provider-safe id, rejecting anything {@link #encode} would not produce. */
  public static String decode(String encoded) {
    if (encoded == null) {
      throw new NullPointerException("encoded");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == ESCAPE) {
        if (i + 2 >= encoded.length()) {
          throw notEncoded();
        }
        int hi = hexValue(encoded.charAt(i + 1));
        int lo = hexValue(encoded.charAt(i + 2));
        bytes.write(hi << 4 | lo);
        i += 2;
      } else if (c < 128 && (isPlain(c) || c == '.')) {
        bytes.write(c);
      } else {
        throw notEncoded();
      }
    }
    String value = new String(bytes.toByteArray(), StandardCharsets.UTF_8);
    validate(value);
    if (!encode(value).equals(encoded)) {
      throw notEncoded();
    }
    return value;
  }

  private static int encodedLength(String value) {
    return encode(value).length();
  }

  private static boolean isPlain(int b) {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_'
        || b == '-';
  }

  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    throw notEncoded();
  }

  private static boolean isWellFormedUtf16(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static IllegalArgumentException notEncoded() {
    return new IllegalArgumentException("Not a provider-safe user id produced by UserId");
  }
}
