package io.github.idvkit.internal.image;

import io.github.idvkit.ImageFormat;
import io.github.idvkit.InvalidImageException;
import io.github.idvkit.InvalidImageException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@link ImageInfo} from encoded bytes without decoding pixels. Not API.
 *
 * <p>The format is recognised by magic bytes. A JPEG's marker segments are walked from the
 * start-of-image to the end-of-image marker, skipping entropy-coded data; a PNG's chunks are walked
 * from {@code IHDR} to {@code IEND}. Both walks check every length against the array and advance on
 * every step, so the work is linear in the input and a hostile file can only end in an {@link
 * InvalidImageException}. Structural faults (cut short, inconsistent lengths, missing headers, zero
 * sizes) are {@link Reason#CORRUPT}; broken EXIF is not a fault, it only yields orientation 1.
 *
 * <p>{@link ImageInfo#hasMetadata()} is set for anything normalisation would strip: EXIF, XMP, ICC
 * profiles, IPTC, comments, text and time chunks, unknown ancillary chunks, JFIF thumbnails and any
 * bytes after the end of the image (polyglot files). A JFIF header without thumbnail and an Adobe
 * colour-transform segment are decoding parameters, not metadata, so the output of {@link
 * ImageNormalizer} probes as metadata-free.
 */
public final class ImageProbe {

  /**
   * The most JPEG scans accepted. Progressive JPEGs use about ten; thousands of tiny scans are a
   * known way to make decoders spend minutes on a small file.
   */
  static final int MAX_JPEG_SCANS = 256;

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  private static final byte[] JPEG_SOI = {(byte) 0xFF, (byte) 0xD8};

  private static final int SOI = 0xD8;
  private static final int EOI = 0xD9;
  private static final int SOS = 0xDA;
  private static final int COM = 0xFE;
  private static final int APP0 = 0xE0;
  private static final int APP1 = 0xE1;
  private static final int APP14 = 0xEE;
  private static final int APP15 = 0xEF;
  private static final int TEM = 0x01;

  private static final int IHDR = chunkType("IHDR");
  private static final int PLTE = chunkType("PLTE");
  private static final int IDAT = chunkType("IDAT");
  private static final int IEND = chunkType("IEND");
  private static final int EXIF = chunkType("eXIf");
  private static final int CGBI = chunkType("CgBI");

  /** Ancillary PNG chunks that only steer rendering; every other ancillary chunk is metadata. */
  private static final int[] PNG_RENDERING_CHUNKS = {
    chunkType("tRNS"), chunkType("gAMA"), chunkType("cHRM"), chunkType("sRGB"),
    chunkType("sBIT"), chunkType("pHYs"), chunkType("bKGD"), chunkType("hIST")
  };

  private ImageProbe() {}

  /**
   * Reads the header of a JPEG or PNG.
   *
   * @param bytes the encoded image; not modified
   * @return what the header says
   * @throws InvalidImageException EMPTY if there are no bytes, UNSUPPORTED_FORMAT if they are not
   *     JPEG or PNG (or a JPEG flavour the JDK cannot decode), CORRUPT if the structure is broken
   */
  public static ImageInfo probe(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length == 0) {
      throw new InvalidImageException(
          Reason.EMPTY, "The image is empty (0 bytes); send a JPEG or PNG");
    }
    ImageFormat format = null;
    try {
      if (startsWith(bytes, JPEG_SOI)) {
        format = ImageFormat.JPEG;
        return probeJpeg(bytes);
      }
      if (startsWith(bytes, PNG_SIGNATURE)) {
        format = ImageFormat.PNG;
        return probePng(bytes);
      }
    } catch (InvalidImageException e) {
      throw e;
    } catch (RuntimeException e) {
      // A safety net: the walks check every bound, so this means a bug, not a bad file.
      throw corrupt(format, "its header could not be read", e);
    }
    if (isPrefix(bytes, PNG_SIGNATURE) || isPrefix(bytes, JPEG_SOI)) {
      throw new InvalidImageException(
          Reason.CORRUPT,
          "The image is only "
              + bytes.length
              + " byte(s) long, too short to be a JPEG or PNG;"
              + " re-send the complete file");
    }
    String lookalike = lookalike(bytes);
    throw new InvalidImageException(
        Reason.UNSUPPORTED_FORMAT,
        "The image is not a JPEG or PNG"
            + (lookalike == null ? "" : " (it looks like " + lookalike + ")")
            + "; convert it to JPEG or PNG");
  }

  // ---------------------------------------------------------------- JPEG

  private static ImageInfo probeJpeg(byte[] b) {
    int n = b.length;
    int pos = JPEG_SOI.length;
    int width = 0;
    int height = 0;
    boolean frame = false;
    boolean exifSeen = false;
    boolean metadata = false;
    int orientation = ExifOrientation.NORMAL;
    int scans = 0;
    int components = 0;
    long fewestBlocks = 0;
    long scanBytes = 0;
    while (true) {
      if (pos >= n) {
        throw cutShort(ImageFormat.JPEG);
      }
      if ((b[pos] & 0xFF) != 0xFF) {
        throw corrupt(ImageFormat.JPEG, "a marker is missing at byte " + pos, null);
      }
      while (pos < n && (b[pos] & 0xFF) == 0xFF) {
        pos++; // fill bytes
      }
      if (pos >= n) {
        throw cutShort(ImageFormat.JPEG);
      }
      int marker = b[pos++] & 0xFF;
      if (marker == EOI) {
        if (!frame || scans == 0) {
          throw corrupt(ImageFormat.JPEG, "it ends before any image data", null);
        }
        metadata |= pos < n; // bytes after the image: a trailer, a second image or a polyglot
        // Every block of every component codes at least one bit (its DC difference) in some scan:
        // data shorter than that is damaged, and the normaliser's decode says so.
        boolean plain = (components == 1 || components == 3) && scanBytes * 8 >= fewestBlocks;
        return new ImageInfo(ImageFormat.JPEG, width, height, orientation, metadata, plain);
      }
      if (marker == TEM || (marker >= 0xD0 && marker <= 0xD7)) {
        continue; // stand-alone markers carry no length
      }
      if (marker == SOI || marker == 0x00) {
        throw corrupt(ImageFormat.JPEG, "a misplaced marker at byte " + (pos - 2), null);
      }
      if (pos + 2 > n) {
        throw cutShort(ImageFormat.JPEG);
      }
      int length = u16(b, pos);
      if (length < 2) {
        throw corrupt(ImageFormat.JPEG, "a segment declares length " + length, null);
      }
      int payload = pos + 2;
      int end = pos + length;
      if (end > n) {
        throw cutShort(ImageFormat.JPEG);
      }
      if (isStartOfFrame(marker)) {
        if (frame) {
          throw corrupt(ImageFormat.JPEG, "it has two frame headers", null);
        }
        checkSupportedFrame(b, marker, payload, end);
        height = u16(b, payload + 1);
        width = u16(b, payload + 3);
        if (width == 0 || height == 0) {
          throw corrupt(
              ImageFormat.JPEG,
              "its frame header declares " + width + "x" + height + " pixels",
              null);
        }
        components = b[payload + 5] & 0xFF;
        fewestBlocks = fewestBlocks(b, payload, components, width, height);
        frame = true;
      } else if (marker == SOS) {
        if (!frame) {
          throw corrupt(ImageFormat.JPEG, "image data comes before the frame header", null);
        }
        if (++scans > MAX_JPEG_SCANS) {
          throw corrupt(ImageFormat.JPEG, "it has more than " + MAX_JPEG_SCANS + " scans", null);
        }
        pos = skipEntropyCodedData(b, end);
        scanBytes += pos - end;
        continue;
      } else if (marker == COM) {
        metadata = true;
      } else if (marker == APP0) {
        metadata |= !isPlainJfif(b, payload, end);
      } else if (marker == APP1) {
        metadata = true;
        if (!exifSeen && startsWith(b, payload, end, "Exif\0")) {
          exifSeen = true;
          orientation = ExifOrientation.read(b, payload + 6, end);
        }
      } else if (marker == APP14) {
        metadata |= !startsWith(b, payload, end, "Adobe");
      } else if (marker > APP0 && marker <= APP15) {
        metadata = true; // ICC (APP2), IPTC (APP13), vendor segments
      }
      pos = end;
    }
  }

  /**
   * The number of 8x8 blocks of the component with the fewest: the least any JPEG of this frame
   * codes, one bit each at the very least.
   */
  private static long fewestBlocks(byte[] b, int payload, int components, int width, int height) {
    int maxH = 1;
    int maxV = 1;
    int minH = 4;
    int minV = 4;
    for (int c = 0; c < components; c++) {
      int sampling = b[payload + 7 + 3 * c] & 0xFF;
      int h = Math.max(1, sampling >> 4);
      int v = Math.max(1, sampling & 0x0F);
      maxH = Math.max(maxH, h);
      maxV = Math.max(maxV, v);
      minH = Math.min(minH, h);
      minV = Math.min(minV, v);
    }
    long columns = ceilDiv(ceilDiv((long) width * minH, maxH), 8);
    long rows = ceilDiv(ceilDiv((long) height * minV, maxV), 8);
    return columns * rows;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  private static boolean isStartOfFrame(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  private static void checkSupportedFrame(byte[] b, int marker, int payload, int end) {
    if (end - payload < 6) {
      throw corrupt(ImageFormat.JPEG, "its frame header is too short", null);
    }
    int components = b[payload + 5] & 0xFF;
    if (end - payload != 6 + 3 * components) {
      throw corrupt(ImageFormat.JPEG, "its frame header has an inconsistent length", null);
    }
    String flavour = null;
    if (marker == 0xC3 || marker == 0xC7 || marker == 0xCB || marker == 0xCF) {
      flavour = "a lossless JPEG";
    } else if (marker >= 0xC9) {
      flavour = "an arithmetic-coded JPEG";
    } else if (marker >= 0xC5) {
      flavour = "a hierarchical JPEG";
    } else if ((b[payload] & 0xFF) != 8) {
      flavour = "a " + (b[payload] & 0xFF) + "-bit JPEG";
    } else if (components != 1 && components != 3 && components != 4) {
      flavour = "a JPEG with " + components + " colour components";
    }
    if (flavour != null) {
      throw new InvalidImageException(
          Reason.UNSUPPORTED_FORMAT,
          "The image is "
              + flavour
              + ", which cannot be decoded here;"
              + " save it as a standard (baseline or progressive, 8-bit) JPEG or as PNG");
    }
  }

  /** Returns the offset of the first marker after entropy-coded data starting at {@code pos}. */
  private static int skipEntropyCodedData(byte[] b, int pos) {
    int n = b.length;
    int i = pos;
    while (i + 1 < n) {
      if (b[i] != (byte) 0xFF) {
        i++;
        continue;
      }
      int next = b[i + 1] & 0xFF;
      if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
        i += 2; // stuffed 0xFF or restart marker: still scan data
      } else if (next == 0xFF) {
        i++; // fill byte before a marker
      } else {
        return i;
      }
    }
    throw cutShort(ImageFormat.JPEG);
  }

  /** A JFIF header without thumbnail is a decoding parameter, anything else in APP0 metadata. */
  private static boolean isPlainJfif(byte[] b, int payload, int end) {
    return startsWith(b, payload, end, "JFIF\0")
        && end - payload >= 14
        && b[payload + 12] == 0
        && b[payload + 13] == 0;
  }

  // ---------------------------------------------------------------- PNG

  private static ImageInfo probePng(byte[] b) {
    int n = b.length;
    int pos = PNG_SIGNATURE.length;
    if (n >= pos + 8 && s32(b, pos + 4) == CGBI) {
      throw new InvalidImageException(
          Reason.UNSUPPORTED_FORMAT,
          "The image is an Apple-optimised PNG (CgBI), which only Apple software reads;"
              + " export it as a standard PNG or JPEG");
    }
    if (n < pos + 12 + 13) {
      throw cutShort(ImageFormat.PNG);
    }
    if (s32(b, pos) != 13 || s32(b, pos + 4) != IHDR) {
      throw corrupt(ImageFormat.PNG, "it does not start with an IHDR header", null);
    }
    long width = u32(b, pos + 8);
    long height = u32(b, pos + 12);
    if (width == 0 || height == 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
      throw corrupt(
          ImageFormat.PNG, "its header declares " + width + "x" + height + " pixels", null);
    }
    int bitDepth = b[pos + 16] & 0xFF;
    int colourType = b[pos + 17] & 0xFF;
    if (!isValidPngDepth(colourType, bitDepth)
        || b[pos + 18] != 0
        || b[pos + 19] != 0
        || (b[pos + 20] != 0 && b[pos + 20] != 1)) {
      throw corrupt(ImageFormat.PNG, "its header holds invalid encoding parameters", null);
    }
    CRC32 crc = new CRC32();
    crc.update(b, pos + 4, 4 + 13);
    if (crc.getValue() != u32(b, pos + 8 + 13)) {
      throw corrupt(ImageFormat.PNG, "its header checksum does not match", null);
    }
    pos += 12 + 13;

    boolean palette = false;
    boolean data = false;
    boolean exifSeen = false;
    boolean metadata = false;
    int orientation = ExifOrientation.NORMAL;
    while (true) {
      if (n - pos < 12) {
        throw cutShort(ImageFormat.PNG);
      }
      long length = u32(b, pos);
      if (length > n - pos - 12L) {
        throw cutShort(ImageFormat.PNG);
      }
      int type = s32(b, pos + 4);
      if (!isChunkName(b, pos + 4)) {
        throw corrupt(ImageFormat.PNG, "it has a chunk with an invalid name at byte " + pos, null);
      }
      int start = pos + 8;
      int end = start + (int) length;
      if (type == IEND) {
        if (!data) {
          throw corrupt(ImageFormat.PNG, "it holds no image data", null);
        }
        if (colourType == 3 && !palette) {
          throw corrupt(ImageFormat.PNG, "its palette is missing", null);
        }
        metadata |= end + 4 < n; // bytes after the image: a polyglot or an appended file
        return new ImageInfo(ImageFormat.PNG, (int) width, (int) height, orientation, metadata);
      } else if (type == IDAT) {
        data = true;
      } else if (type == PLTE) {
        palette = true;
      } else if (type == IHDR) {
        throw corrupt(ImageFormat.PNG, "it has two IHDR headers", null);
      } else if (type == EXIF) {
        metadata = true;
        if (!exifSeen) {
          exifSeen = true;
          int tiff = startsWith(b, start, end, "Exif\0\0") ? start + 6 : start;
          orientation = ExifOrientation.read(b, tiff, end);
        }
      } else if ((b[pos + 4] & 0x20) == 0) {
        throw corrupt(ImageFormat.PNG, "it has an unknown critical chunk", null);
      } else if (!isRenderingChunk(type)) {
        metadata = true; // text, time, ICC, APNG frames, vendor chunks
      }
      pos = end + 4;
    }
  }

  private static boolean isValidPngDepth(int colourType, int bitDepth) {
    return switch (colourType) {
      case 0 -> bitDepth == 1 || bitDepth == 2 || bitDepth == 4 || bitDepth == 8 || bitDepth == 16;
      case 3 -> bitDepth == 1 || bitDepth == 2 || bitDepth == 4 || bitDepth == 8;
      case 2, 4, 6 -> bitDepth == 8 || bitDepth == 16;
      default -> false;
    };
  }

  private static boolean isRenderingChunk(int type) {
    for (int known : PNG_RENDERING_CHUNKS) {
      if (known == type) {
        return true;
      }
    }
    return false;
  }

  private static boolean isChunkName(byte[] b, int i) {
    for (int k = i; k < i + 4; k++) {
      int c = b[k] & 0xDF; // upper-case
      if (c < 'A' || c > 'Z') {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- other formats

  /** Names a cheaply recognisable other format, for a message a user can act on. */
  private static @Nullable String lookalike(byte[] b) {
    if (startsWith(b, 0, b.length, "GIF8")) {
      return "GIF";
    }
    if (startsWith(b, 0, b.length, "RIFF") && startsWith(b, 8, b.length, "WEBP")) {
      return "WebP";
    }
    if (startsWith(b, 4, b.length, "ftyp")) {
      String brand = b.length >= 12 ? ascii(b, 8, 4) : "";
      return switch (brand) {
        case "heic", "heix", "hevc", "hevx", "heim", "heis" -> "HEIC, the iPhone format";
        case "mif1", "msf1" -> "HEIF";
        case "avif", "avis" -> "AVIF";
        default -> "a video or HEIC file";
      };
    }
    if (startsWith(b, 0, b.length, "%PDF")) {
      return "PDF";
    }
    if (startsWith(b, 0, b.length, "II*\0") || startsWith(b, 0, b.length, "MM\0*")) {
      return "TIFF";
    }
    if (startsWith(b, 0, b.length, "BM")) {
      return "BMP";
    }
    if (startsWith(b, 0, b.length, "8BPS")) {
      return "a Photoshop document";
    }
    if (startsWith(b, 0, b.length, "PK\3\4")) {
      return "a ZIP archive";
    }
    if (startsWith(b, 0, b.length, "\0\0\0\fjP  ")
        || startsWith(b, 0, b.length, "\u00FFO\u00FFQ")) {
      return "JPEG 2000";
    }
    if (startsWith(b, 0, b.length, "\u00FF\n") || startsWith(b, 0, b.length, "\0\0\0\fJXL ")) {
      return "JPEG XL";
    }
    if (startsWith(b, 0, b.length, "\0\0\1\0")) {
      return "an icon (ICO)";
    }
    int text = 0;
    while (text < b.length && text < 64 && isSpace(b[text])) {
      text++;
    }
    if (startsWith(b, text, b.length, "/9j/")) {
      return "base64 text of a JPEG; decode the base64 and send the bytes";
    }
    if (startsWith(b, text, b.length, "iVBORw0KGgo")) {
      return "base64 text of a PNG; decode the base64 and send the bytes";
    }
    if (startsWithIgnoreCase(b, text, "data:")) {
      return "a data: URL; send the decoded bytes";
    }
    if (startsWithIgnoreCase(b, text, "<!doctype html") || startsWithIgnoreCase(b, text, "<html")) {
      return "an HTML page, perhaps an error page instead of the image";
    }
    if (startsWithIgnoreCase(b, text, "<svg") || startsWithIgnoreCase(b, text, "<?xml")) {
      return "SVG or XML";
    }
    if (startsWith(b, text, b.length, "{") || startsWith(b, text, b.length, "[")) {
      return "JSON";
    }
    return null;
  }

  private static boolean isSpace(byte c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  // ---------------------------------------------------------------- bytes

  private static boolean startsWith(byte[] b, byte[] prefix) {
    if (b.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean isPrefix(byte[] b, byte[] magic) {
    if (b.length >= magic.length) {
      return false;
    }
    for (int i = 0; i < b.length; i++) {
      if (b[i] != magic[i]) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code b[start, end)} starts with {@code text}, read as ISO-8859-1. */
  private static boolean startsWith(byte[] b, int start, int end, String text) {
    if (start < 0 || end > b.length || end - start < text.length()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if ((b[start + i] & 0xFF) != text.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWithIgnoreCase(byte[] b, int start, String lowerText) {
    if (b.length - start < lowerText.length()) {
      return false;
    }
    String head = new String(b, start, lowerText.length(), StandardCharsets.ISO_8859_1);
    return head.equalsIgnoreCase(lowerText);
  }

  private static String ascii(byte[] b, int start, int length) {
    return new String(b, start, length, StandardCharsets.ISO_8859_1);
  }

  private static int u16(byte[] b, int i) {
    return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
  }

  private static int s32(byte[] b, int i) {
    return u16(b, i) << 16 | u16(b, i + 2);
  }

  private static long u32(byte[] b, int i) {
    return s32(b, i) & 0xFFFF_FFFFL;
  }

  private static int chunkType(String name) {
    byte[] b = name.getBytes(StandardCharsets.ISO_8859_1);
    return s32(b, 0);
  }

  // ---------------------------------------------------------------- errors

  private static InvalidImageException cutShort(ImageFormat format) {
    return new InvalidImageException(
        Reason.CORRUPT,
        "The " + format + " image is cut short before its end; re-send the complete file");
  }

  private static InvalidImageException corrupt(
      @Nullable ImageFormat format, String what, @Nullable Throwable cause) {
    return new InvalidImageException(
        Reason.CORRUPT,
        "The "
            + (format == null ? "" : format + " ")
            + "image is corrupt: "
            + what
            + "; re-export it or send another image",
        cause);
  }
}
