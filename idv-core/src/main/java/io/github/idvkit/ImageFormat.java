package io.github.idvkit;

/** The image encodings idv accepts, recognised by their magic bytes, never by file name. */
public enum ImageFormat {
  /** JPEG (JFIF or EXIF), baseline or progressive. */
  JPEG("image/jpeg"),
  /** PNG. */
  PNG("image/png");

  private final String mediaType;

  ImageFormat(String mediaType) {
    this.mediaType = mediaType;
  }

  /**
   * Returns the IANA media type, for example {@code image/jpeg}.
   *
   * @return the media type
   */
  public String mediaType() {
    return mediaType;
  }
}
