package io.github.idvkit.internal.image;

/**
 * Reads the EXIF orientation tag (0x0112) from a TIFF-structured block, in either byte order. Not
 * API.
 *
 * <p>EXIF is metadata: a broken or absurd block never rejects an image, it only yields orientation
 * 1. Every offset is checked against the block, and the work is bounded by the block's length.
 */
final class ExifOrientation {

  /** The orientation used when the tag is absent, broken or out of range. */
  static final int NORMAL = 1;

  private static final int TAG_ORIENTATION = 0x0112;
  private static final int TYPE_SHORT = 3;
  private static final int TYPE_LONG = 4;
  private static final int IFD_ENTRY_BYTES = 12;

  private ExifOrientation() {}

  /**
   * Returns the orientation, 1-8, from the TIFF structure in {@code bytes[start, end)}; {@link
   * #NORMAL} when the tag is absent, the structure broken or the value outside 1-8.
   */
  static int read(byte[] bytes, int start, int end) {
    if (start < 0 || end > bytes.length || end - start < 8) {
      return NORMAL;
    }
    boolean little;
    if (bytes[start] == 'I' && bytes[start + 1] == 'I') {
      little = true;
    } else if (bytes[start] == 'M' && bytes[start + 1] == 'M') {
      little = false;
    } else {
      return NORMAL;
    }
    if (u16(bytes, start + 2, little) != 42) {
      return NORMAL;
    }
    long ifdOffset = u32(bytes, start + 4, little);
    if (ifdOffset < 8 || ifdOffset > end - start - 2L) {
      return NORMAL;
    }
    int ifd = start + (int) ifdOffset;
    int declared = u16(bytes, ifd, little);
    int entries = Math.min(declared, (end - ifd - 2) / IFD_ENTRY_BYTES);
    for (int i = 0; i < entries; i++) {
      int entry = ifd + 2 + i * IFD_ENTRY_BYTES;
      if (u16(bytes, entry, little) != TAG_ORIENTATION) {
        continue;
      }
      int type = u16(bytes, entry + 2, little);
      long value;
      if (type == TYPE_SHORT) {
        value = u16(bytes, entry + 8, little);
      } else if (type == TYPE_LONG) {
        value = u32(bytes, entry + 8, little);
      } else {
        return NORMAL;
      }
      return value >= 1 && value <= 8 ? (int) value : NORMAL;
    }
    return NORMAL;
  }

  private static int u16(byte[] b, int i, boolean little) {
    int b0 = b[i] & 0xFF;
    int b1 = b[i + 1] & 0xFF;
    return little ? b0 | b1 << 8 : b0 << 8 | b1;
  }

  private static long u32(byte[] b, int i, boolean little) {
    long hi = u16(b, little ? i + 2 : i, little);
    long lo = u16(b, little ? i : i + 2, little);
    return hi << 16 | lo;
  }
}
