package io.github.idvkit.local.internal;

import io.github.idvkit.InvalidImageException;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes a JPEG or PNG once and downscales it straight into packed RGB bytes.
 *
 * <p>The image's size is read from its header and checked against a pixel limit before anything is
 * decoded. Huge images (four times the working size or more) are decimated by the decoder itself
 * (source subsampling) to about twice the working size; every image is then box-filtered down to
 * the working size row by row, so no float copy of a large image and at most one decoded raster
 * ever exists. EXIF orientation is not applied here: core's
 * normalisation does that once for every provider.
 */
public final class ImageDecoder {

  private final int maxLongSide;
  private final long maxPixels;

  /**
   * Creates a decoder.
   *
   * @param maxLongSide the longest side of decoded images; larger ones are downscaled
   * @param maxPixels the largest declared pixel count accepted
   */
  public ImageDecoder(int maxLongSide, long maxPixels) {
    if (maxLongSide < 16) {
      throw new IllegalArgumentException("maxLongSide must be at least 16, got " + maxLongSide);
    }
    this.maxLongSide = maxLongSide;
    this.maxPixels = maxPixels;
  }

  /**
   * Returns the longest side decoded images are downscaled to.
   *
   * @return pixels
   */
  public int maxLongSide() {
    return maxLongSide;
  }

  /**
   * Decodes an encoded image. The stream is read but not closed.
   *
   * @param encoded a JPEG or PNG
   * @return the decoded, possibly downscaled image
   * @throws InvalidImageException if the image cannot be decoded or is too large
   */
  public RgbImage decode(InputStream encoded) {
    try (ImageInputStream in = ImageIO.createImageInputStream(encoded)) {
      if (in == null) {
        throw unreadable("no image input stream", null);
      }
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new InvalidImageException(
            InvalidImageException.Reason.UNSUPPORTED_FORMAT,
            "The image is neither a JPEG nor a PNG the decoder can read; send a JPEG or PNG");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width < 1 || height < 1) {
          throw unreadable("the header declares no pixels", null);
        }
        if ((long) width * height > maxPixels) {
          throw new InvalidImageException(
              InvalidImageException.Reason.TOO_MANY_PIXELS,
              "The image declares " + width + "x" + height + " pixels, more than the " + maxPixels
                  + " accepted; send a smaller image");
        }
        ImageReadParam param = reader.getDefaultReadParam();
        int longSide = Math.max(width, height);
        // Decimating while decoding aliases fine detail, so only huge images (4x the working size
        // or more) are decimated, and then to at least twice the working size before averaging.
        int step = longSide >= 4L * maxLongSide ? longSide / (2 * maxLongSide) : 1;
        if (step >= 2) {
          param.setSourceSubsampling(step, step, 0, 0);
        }
        BufferedImage decoded = reader.read(0, param);
        return downscale(decoded, width, height);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof InvalidImageException invalid) {
        throw invalid;
      }
      throw unreadable(e.getClass().getSimpleName(), e);
    }
  }

  private static InvalidImageException unreadable(String why, Throwable cause) {
    return new InvalidImageException(
        InvalidImageException.Reason.CORRUPT,
        "The image could not be decoded (" + why + "); send an RGB or greyscale JPEG or PNG",
        cause);
  }

  private RgbImage downscale(BufferedImage image, int sourceWidth, int sourceHeight) {
    int w = image.getWidth();
    int h = image.getHeight();
    int longSide = Math.max(w, h);
    int dw = w;
    int dh = h;
    if (longSide > maxLongSide) {
      double f = (double) longSide / maxLongSide;
      dw = Math.max(1, (int) Math.round(w / f));
      dh = Math.max(1, (int) Math.round(h / f));
    }
    RowReader rows = RowReader.of(image);
    byte[] out = new byte[dw * dh * 3];
    if (dw == w && dh == h) {
      byte[] row = new byte[w * 3];
      for (int y = 0; y < h; y++) {
        rows.read(y, row);
        System.arraycopy(row, 0, out, y * w * 3, w * 3);
      }
      return new RgbImage(dw, dh, out, sourceWidth, sourceHeight);
    }
    int[] colStart = bounds(w, dw);
    int[] rowStart = bounds(h, dh);
    int[] sums = new int[dw * 3];
    byte[] row = new byte[w * 3];
    for (int dy = 0; dy < dh; dy++) {
      java.util.Arrays.fill(sums, 0);
      int y0 = rowStart[dy];
      int y1 = rowStart[dy + 1];
      for (int y = y0; y < y1; y++) {
        rows.read(y, row);
        for (int dx = 0; dx < dw; dx++) {
          int r = 0;
          int g = 0;
          int b = 0;
          for (int x = colStart[dx], end = colStart[dx + 1]; x < end; x++) {
            int i = x * 3;
            r += row[i] & 0xff;
            g += row[i + 1] & 0xff;
            b += row[i + 2] & 0xff;
          }
          int j = dx * 3;
          sums[j] += r;
          sums[j + 1] += g;
          sums[j + 2] += b;
        }
      }
      int rowsSpanned = y1 - y0;
      int o = dy * dw * 3;
      for (int dx = 0; dx < dw; dx++) {
        int n = rowsSpanned * (colStart[dx + 1] - colStart[dx]);
        int half = n / 2;
        int j = dx * 3;
        out[o + j] = (byte) ((sums[j] + half) / n);
        out[o + j + 1] = (byte) ((sums[j + 1] + half) / n);
        out[o + j + 2] = (byte) ((sums[j + 2] + half) / n);
      }
    }
    return new RgbImage(dw, dh, out, sourceWidth, sourceHeight);
  }

  /** Splits {@code n} source pixels into {@code m} non-empty, contiguous spans. */
  private static int[] bounds(int n, int m) {
    int[] b = new int[m + 1];
    for (int i = 0; i <= m; i++) {
      b[i] = (int) ((long) i * n / m);
    }
    for (int i = 1; i <= m; i++) {
      if (b[i] <= b[i - 1]) {
        b[i] = Math.min(n, b[i - 1] + 1);
      }
    }
    b[m] = n;
    return b;
  }

  /** Reads one row of a decoded image as packed RGB bytes, whatever its raster layout. */
  private interface RowReader {
    void read(int y, byte[] rgb);

    static RowReader of(BufferedImage image) {
      Raster raster = image.getRaster();
      int w = image.getWidth();
      boolean eightBit = true;
      for (int s : raster.getSampleModel().getSampleSize()) {
        eightBit &= s == 8;
      }
      if (eightBit
          && image.getType() == BufferedImage.TYPE_3BYTE_BGR
          && raster.getDataBuffer() instanceof java.awt.image.DataBufferByte buffer
          && raster.getSampleModel() instanceof java.awt.image.PixelInterleavedSampleModel sm
          && raster.getParent() == null
          && sm.getPixelStride() == 3) {
        byte[] data = buffer.getData();
        int stride = sm.getScanlineStride();
        int[] offsets = sm.getBandOffsets(); // R, G, B positions within a pixel
        int base = buffer.getOffset();
        return (y, rgb) -> {
          int in = base + y * stride;
          for (int x = 0, o = 0; x < w; x++, o += 3, in += 3) {
            rgb[o] = data[in + offsets[0]];
            rgb[o + 1] = data[in + offsets[1]];
            rgb[o + 2] = data[in + offsets[2]];
          }
        };
      }
      if (eightBit && image.getColorModel() instanceof ComponentColorModel cm) {
        int bands = raster.getNumBands();
        int type = cm.getColorSpace().getType();
        if (type == ColorSpace.TYPE_RGB && cm.getColorSpace().isCS_sRGB() && bands >= 3) {
          int[] samples = new int[w * bands];
          return (y, rgb) -> {
            raster.getPixels(0, y, w, 1, samples);
            for (int x = 0, i = 0, o = 0; x < w; x++, i += bands, o += 3) {
              rgb[o] = (byte) samples[i];
              rgb[o + 1] = (byte) samples[i + 1];
              rgb[o + 2] = (byte) samples[i + 2];
            }
          };
        }
        if (type == ColorSpace.TYPE_GRAY && bands <= 2) {
          int[] samples = new int[w * bands];
          return (y, rgb) -> {
            raster.getPixels(0, y, w, 1, samples);
            for (int x = 0, i = 0, o = 0; x < w; x++, i += bands, o += 3) {
              byte v = (byte) samples[i];
              rgb[o] = v;
              rgb[o + 1] = v;
              rgb[o + 2] = v;
            }
          };
        }
      }
      int[] argb = new int[w];
      return (y, rgb) -> {
        image.getRGB(0, y, w, 1, argb, 0, w);
        for (int x = 0, o = 0; x < w; x++, o += 3) {
          int p = argb[x];
          rgb[o] = (byte) (p >> 16);
          rgb[o + 1] = (byte) (p >> 8);
          rgb[o + 2] = (byte) p;
        }
      };
    }
  }
}
