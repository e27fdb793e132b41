package io.github.idvkit;

/**
 * A provider's identifier of one indexed face, such as a Rekognition {@code FaceId}.
 *
 * <p>Face ids carry no personal data and are safe to log.
 *
 * @param value the provider's id, non-blank, at most 255 characters
 */
public record FaceId(String value) {

  /**
   * Creates a face id.
   *
   * @throws IllegalArgumentException if the id is blank, longer than 255 characters or holds
   *     characters outside {@code [A-Za-z0-9_.\-:]}
   */
  public FaceId {
    if (value == null) {
      throw new NullPointerException("faceId");
    }
    if (value.isBlank() || value.length() > 255 || !value.matches("[A-Za-z0-9_.\\-:]+")) {
      throw new IllegalArgumentException(
          "A face id must be 1-255 characters of [A-Za-z0-9_.-:], got " + value.length()
              + " characters");
    }
  }

  /**
   * Returns the face id for {@code value}.
   *
   * @param value the provider's id
   * @return the face id
   */
  public static FaceId of(String value) {
    return new FaceId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
