package io.github.idvkit.benchmarks;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Makes a phone-camera-like JPEG out of a {@code TestFaces} image: upscaled to {@code side × side}
 * pixels (12 MP at 3464), with sensor-like noise (which is what makes phone JPEGs large), stored
 * sideways with EXIF orientation 6 as phones do for portrait shots, and an EXIF block (make, model,
 * software, date) in an APP1 segment right after SOI, without JFIF, as phones write them.
 *
 * <p>Square, because the fakes read a test image's payload only at its own aspect ratio; the pixel
 * count and byte size are a phone photo's.
 */
final class PhonePhoto {

  private PhonePhoto() {}

  /**
   * Returns the JPEG bytes.
   *
   * @param testImage a {@code TestFaces} PNG, upright
   * @param side the side in pixels
   * @param orientation 1 (stored upright) or 6 (stored turned 90° counter-clockwise, to be turned
   *     clockwise for display)
   * @param noise the standard deviation of the per-pixel noise, in 8-bit levels
   * @param quality the JPEG quality, 0-1
   * @param exif whether to write the EXIF block (orientation and camera); without it the JPEG is
   *     ImageIO's plain JFIF file
   */
  static byte[] make(byte[] testImage, int side, int orientation, double noise, float quality, boolean exif) {
    if (orientation != 1 && orientation != 6 || !exif && orientation != 1) {
      throw new IllegalArgumentException("orientation 1, or 6 with EXIF");
    }
    BufferedImage source = read(testImage);
    BufferedImage upright = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    var g = upright.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(source, 0, 0, side, side, null);
    g.dispose();
    int[] display = upright.getRGB(0, 0, side, side, null, 0, side);
    int[] stored = new int[display.length];
    SplittableRandom random = new SplittableRandom(side * 31L + orientation);
    for (int v = 0; v < side; v++) {
      for (int u = 0; u < side; u++) {
        // Orientation 6: display(x, y) = stored(y, side - 1 - x), so stored(u, v) = display(side - 1 - v, u).
        int rgb = orientation == 6 ? display[u * side + (side - 1 - v)] : display[v * side + u];
        stored[v * side + u] = noisy(rgb, random, noise);
      }
    }
    BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, side, side, stored, 0, side);
    byte[] jpeg = jpeg(out, quality);
    return exif ? withExif(jpeg, orientation) : jpeg;
  }

  private static int noisy(int rgb, SplittableRandom random, double sigma) {
    int r = clamp(((rgb >> 16) & 0xFF) + (int) (gaussian(random) * sigma));
    int g = clamp(((rgb >> 8) & 0xFF) + (int) (gaussian(random) * sigma));
    int b = clamp((rgb & 0xFF) + (int) (gaussian(random) * sigma));
    return (r << 16) | (g << 8) | b;
  }

  /** A cheap approximately normal variate (sum of four uniforms, variance 1). */
  private static double gaussian(SplittableRandom random) {
    return (random.nextDouble() + random.nextDouble() + random.nextDouble() + random.nextDouble() - 2) * Math.sqrt(3);
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }

  private static BufferedImage read(byte[] bytes) {
    try {
      return ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] jpeg(BufferedImage image, float quality) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** Replaces the JFIF APP0 segment (if first) by an EXIF APP1 segment. */
  private static byte[] withExif(byte[] jpeg, int orientation) {
    int rest = 2;
    if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
      rest = 4 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF));
    }
    byte[] tiff = tiff(orientation);
    ByteBuffer out = ByteBuffer.allocate(jpeg.length - rest + 2 + 4 + 6 + tiff.length);
    out.put((byte) 0xFF).put((byte) 0xD8);
    out.put((byte) 0xFF).put((byte) 0xE1).putShort((short) (2 + 6 + tiff.length));
    out.put("Exif".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).put((byte) 0);
    out.put(tiff);
    out.put(jpeg, rest, jpeg.length - rest);
    return out.array();
  }

  /** A big-endian TIFF header with one IFD: Make, Model, Orientation, Software, DateTime. */
  private static byte[] tiff(int orientation) {
    String[][] ascii = {
      {"010F", "BenchPhone"}, {"0110", "BP-12 Pro"}, {"0131", "BenchOS 1.0"}, {"0132", "2026:11:27 10:00:00"}
    };
    int entries = 5;
    int ifdSize = 2 + entries * 12 + 4;
    int dataOffset = 8 + ifdSize;
    ByteBuffer data = ByteBuffer.allocate(256);
    ByteBuffer ifd = ByteBuffer.allocate(ifdSize);
    ifd.putShort((short) entries);
    int[] order = {0, 1, -1, 2, 3}; // tags ascending: 010F, 0110, 0112, 0131, 0132
    for (int index : order) {
      if (index < 0) {
        ifd.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        continue;
      }
      byte[] value = (ascii[index][1] + "\0").getBytes(StandardCharsets.US_ASCII);
      ifd.putShort((short) Integer.parseInt(ascii[index][0], 16)).putShort((short) 2).putInt(value.length)
          .putInt(dataOffset + data.position());
      data.put(value);
    }
    ifd.putInt(0);
    ByteBuffer tiff = ByteBuffer.allocate(8 + ifdSize + data.position());
    tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
    tiff.put(ifd.array());
    tiff.put(data.array(), 0, data.position());
    return tiff.array();
  }
}
