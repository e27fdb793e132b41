package io.github.idvkit.hostile;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Builds hostile image bytes: real JPEGs and PNGs from the JDK's writers, and hand-made headers,
 * chunks, segments and EXIF blocks that lie about themselves.
 */
final class Forge {

  static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

  static final int SOF0 = 0xC0;
  static final int SOF2 = 0xC2;
  static final int SOS = 0xDA;
  static final int APP1 = 0xE1;
  static final int APP2 = 0xE2;
  static final int COM = 0xFE;

  // PNG colour types
  static final int GREY = 0;
  static final int RGB = 2;
  static final int PALETTE = 3;
  static final int GREY_ALPHA = 4;
  static final int RGBA = 6;

  private Forge() {}

  // ---------------------------------------------------------------- pictures

  /** A smooth colour gradient: compresses well, decodes to known colours. */
  static BufferedImage gradient(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8 | 0x40);
      }
    }
    return image;
  }

  /**
   * {@code image} converted to another {@link BufferedImage} type (grey, ARGB, palette...). Grey
   * samples are written as display values, as browsers and the code under test read them, not
   * through Java's linear {@code CS_GRAY}.
   */
  static BufferedImage as(BufferedImage image, int type) {
    BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), type);
    if (type == BufferedImage.TYPE_BYTE_GRAY) {
      WritableRaster raster = out.getRaster();
      for (int y = 0; y < image.getHeight(); y++) {
        for (int x = 0; x < image.getWidth(); x++) {
          raster.setSample(x, y, 0, luma(image.getRGB(x, y)));
        }
      }
      return out;
    }
    out.getGraphics().drawImage(image, 0, 0, null);
    return out;
  }

  static int luma(int rgb) {
    return ((rgb >> 16 & 0xFF) * 299 + (rgb >> 8 & 0xFF) * 587 + (rgb & 0xFF) * 114) / 1000;
  }

  /** A 16-bit-per-sample sRGB (3 bands) or grey (1 band) image with a ramp. */
  static BufferedImage sixteenBit(int width, int height, boolean grey) {
    int bands = grey ? 1 : 3;
    WritableRaster raster =
        Raster.createInterleavedRaster(DataBuffer.TYPE_USHORT, width, height, bands, null);
    int[] pixel = new int[bands];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        for (int b = 0; b < bands; b++) {
          pixel[b] = (x * 65535 / width + b * 9000 + y * 30) & 0xFFFF;
        }
        raster.setPixel(x, y, pixel);
      }
    }
    ColorSpace space = ColorSpace.getInstance(grey ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
    ComponentColorModel model =
        new ComponentColorModel(space, false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
    return new BufferedImage(model, raster, false, null);
  }

  // ---------------------------------------------------------------- JDK encoders

  static byte[] jpeg(BufferedImage image, boolean progressive) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    if (progressive) {
      param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
    }
    return write(writer, new IIOImage(image, null, null), param);
  }

  /** A CMYK JPEG: the JDK writes a four-band raster as Adobe CMYK. */
  static byte[] cmykJpeg(int width, int height) {
    WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 4, null);
    int[] ink = new int[4];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        ink[0] = x * 255 / width;
        ink[1] = y * 255 / height;
        ink[2] = 60;
        ink[3] = 20;
        cmyk.setPixel(x, y, ink);
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    return write(writer, new IIOImage(cmyk, null, null), null);
  }

  /** A PNG from the JDK's writer; {@code interlaced} makes it Adam7. */
  static byte[] png(BufferedImage image, boolean interlaced) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    if (interlaced) {
      param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
    }
    return write(writer, new IIOImage(image, null, null), param);
  }

  private static byte[] write(ImageWriter writer, IIOImage image, ImageWriteParam param) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, image, param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  // ---------------------------------------------------------------- PNG by hand

  static byte[] chunk(String type, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(12 + data.length);
    byte[] name = ascii(type);
    b.putInt(data.length).put(name).put(data);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(data);
    b.putInt((int) crc.getValue());
    return b.array();
  }

  static byte[] ihdr(long width, long height, int bitDepth, int colourType, int interlace) {
    ByteBuffer header = ByteBuffer.allocate(13);
    header
        .putInt((int) width)
        .putInt((int) height)
        .put((byte) bitDepth)
        .put((byte) colourType)
        .put((byte) 0)
        .put((byte) 0)
        .put((byte) interlace);
    return chunk("IHDR", header.array());
  }

  /** A PNG of the given header whose one IDAT holds {@code idat}, with {@code extra} chunks first. */
  static byte[] png(
      long width, long height, int bitDepth, int colourType, byte[] idat, byte[]... extra) {
    return concat(
        PNG_SIGNATURE,
        ihdr(width, height, bitDepth, colourType, 0),
        concat(extra),
        chunk("IDAT", idat),
        chunk("IEND", new byte[0]));
  }

  /**
   * A PNG whose pixel data are all zeros, {@code width} x {@code height} at {@code bytesPerPixel}:
   * the decompression bomb, tiny on disk and huge once inflated.
   */
  static byte[] pngOfZeros(int width, int height, int bitDepth, int colourType, int bytesPerPixel) {
    long raw = (long) height * (1 + (long) width * bytesPerPixel);
    return png(width, height, bitDepth, colourType, deflatedZeros(raw));
  }

  /**
   * A zlib stream that inflates to {@code count} zero bytes, built in milliseconds: one deflate
   * block of 1 MiB of zeros, flushed to a byte boundary, repeated, then the rest, an empty final
   * block and the Adler-32 of the zeros.
   */
  static byte[] deflatedZeros(long count) {
    byte[] mebibyte = rawDeflatedZeros(1 << 20);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x78);
    out.write(0xDA);
    for (long i = 0; i < count >> 20; i++) {
      out.write(mebibyte, 0, mebibyte.length);
    }
    byte[] rest = rawDeflatedZeros((int) (count & ((1 << 20) - 1)));
    out.write(rest, 0, rest.length);
    out.write(0x03); // final fixed-Huffman block holding only end-of-block
    out.write(0x00);
    long adler = (count % 65_521) << 16 | 1; // Adler-32 of zeros: s1 = 1, s2 = count
    out.write((int) (adler >>> 24));
    out.write((int) (adler >>> 16));
    out.write((int) (adler >>> 8));
    out.write((int) adler);
    return out.toByteArray();
  }

  /** Raw deflate blocks (no zlib header, not final) for {@code count} zeros, flushed. */
  private static byte[] rawDeflatedZeros(int count) {
    if (count == 0) {
      return new byte[0];
    }
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    deflater.setInput(new byte[count]);
    byte[] buffer = new byte[1 << 16];
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int n;
    do {
      n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
      out.write(buffer, 0, n);
    } while (n == buffer.length || !deflater.needsInput());
    deflater.end();
    return out.toByteArray();
  }

  static byte[] deflate(byte[] raw) {
    Deflater deflater = new Deflater();
    deflater.setInput(raw);
    deflater.finish();
    byte[] buffer = new byte[raw.length + 64];
    int length = deflater.deflate(buffer);
    deflater.end();
    return Arrays.copyOf(buffer, length);
  }

  /** Inserts a chunk right after IHDR. */
  static byte[] withChunkAfterIhdr(byte[] png, byte[] chunk) {
    return concat(Arrays.copyOf(png, 33), chunk, Arrays.copyOfRange(png, 33, png.length));
  }

  // ---------------------------------------------------------------- JPEG by hand

  static byte[] segment(int marker, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(4 + payload.length);
    b.put((byte) 0xFF).put((byte) marker).putShort((short) (payload.length + 2)).put(payload);
    return b.array();
  }

  static byte[] insertAfterSoi(byte[] jpeg, byte[]... segments) {
    return concat(Arrays.copyOf(jpeg, 2), concat(segments), Arrays.copyOfRange(jpeg, 2, jpeg.length));
  }

  /** Returns the offset of the given marker's segment (its 0xFF) in a JPEG's header. */
  static int segmentOffset(byte[] jpeg, int marker) {
    int pos = 2;
    while (pos + 4 <= jpeg.length) {
      int m = jpeg[pos + 1] & 0xFF;
      if (m == marker) {
        return pos;
      }
      pos += 2 + ((jpeg[pos + 2] & 0xFF) << 8 | (jpeg[pos + 3] & 0xFF));
    }
    throw new IllegalArgumentException("no marker " + Integer.toHexString(marker));
  }

  /** The JPEG with its frame header's dimensions replaced. */
  static byte[] withFrameSize(byte[] jpeg, int sof, int width, int height) {
    byte[] patched = jpeg.clone();
    ByteBuffer.wrap(patched, segmentOffset(jpeg, sof) + 5, 4)
        .putShort((short) height)
        .putShort((short) width);
    return patched;
  }

  /** The JPEG with its SOF0 marker replaced by {@code marker} and its precision by {@code bits}. */
  static byte[] withFrameKind(byte[] jpeg, int marker, int bits) {
    byte[] patched = jpeg.clone();
    int at = segmentOffset(jpeg, SOF0);
    patched[at + 1] = (byte) marker;
    patched[at + 4] = (byte) bits;
    return patched;
  }

  // ---------------------------------------------------------------- EXIF

  /** One IFD entry: tag, type, count and the 4-byte value field. */
  record Entry(int tag, int type, long count, long value) {
    static Entry orientation(int value) {
      return new Entry(0x0112, 3, 1, value);
    }
  }

  /**
   * A TIFF structure: byte order, magic, the offset of IFD0, then IFD0 at byte 8 with {@code
   * declared} as its entry count followed by {@code entries} and the next-IFD offset.
   */
  static byte[] tiff(boolean little, int magic, long ifdOffset, int declared, long nextIfd, Entry... entries) {
    ByteBuffer b = ByteBuffer.allocate(8 + 2 + entries.length * 12 + 4);
    b.order(little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    b.put((byte) (little ? 'I' : 'M')).put((byte) (little ? 'I' : 'M'));
    b.putShort((short) magic).putInt((int) ifdOffset);
    b.putShort((short) declared);
    for (Entry e : entries) {
      b.putShort((short) e.tag()).putShort((short) e.type()).putInt((int) e.count());
      if (e.type() == 3) {
        b.putShort((short) e.value()).putShort((short) 0);
      } else {
        b.putInt((int) e.value());
      }
    }
    b.putInt((int) nextIfd);
    return b.array();
  }

  /** A well-formed TIFF holding only an orientation. */
  static byte[] orientationTiff(int orientation, boolean little) {
    return tiff(little, 42, 8, 1, 0, Entry.orientation(orientation));
  }

  static byte[] exifSegment(byte[] tiff) {
    return segment(APP1, concat(ascii("Exif\0\0"), tiff));
  }

  static byte[] exifChunk(byte[] tiff) {
    return chunk("eXIf", tiff);
  }

  // ---------------------------------------------------------------- other files

  static byte[] zip(String name, String content) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry(name));
      zip.write(ascii(content));
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] repeat(int value, int count) {
    byte[] out = new byte[count];
    Arrays.fill(out, (byte) value);
    return out;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.write(part, 0, part.length);
    }
    return out.toByteArray();
  }
}
