package io.github.idvkit.internal.image;

import io.github.idvkit.ImageFormat;

/**
 * What an image's header says, read without decoding pixels. Not API.
 *
 * @param format the encoding
 * @param width stored width in pixels
 * @param height stored height in pixels
 * @param orientation the EXIF orientation tag, 1-8 (1 when absent or unreadable)
 * @param hasMetadata whether the file carries metadata segments/chunks that normalisation strips
 *     (EXIF, XMP, ICC, comments, text chunks)
 */
public record ImageInfo(
    ImageFormat format, int width, int height, int orientation, boolean hasMetadata, boolean plainJpeg) {

  /** An image that is not a plain JPEG (a PNG, or a JPEG that needs decoding to be trusted). */
  public ImageInfo(ImageFormat format, int width, int height, int orientation, boolean hasMetadata) {
    this(format, width, height, orientation, hasMetadata, false);
  }

  /** Returns width times height, as a long. */
  public long pixelCount() {
    return (long) width * height;
  }
}
