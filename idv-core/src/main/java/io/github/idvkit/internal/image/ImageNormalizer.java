package io.github.idvkit.internal.image;

import io.github.idvkit.FaceImage;
import io.github.idvkit.ImageFormat;
import io.github.idvkit.ImageLimits;
import io.github.idvkit.InvalidImageException;
import io.github.idvkit.InvalidImageException.Reason;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * Applies the EXIF orientation, strips metadata, downscales and re-encodes an image as JPEG, with
 * the JDK's ImageIO only. Not API.
 *
 * <p>The image is decoded once, with ImageIO's source subsampling when it is at least twice as
 * large as needed, so a 12-megapixel photo headed for 1920 pixels is decoded at 2000x1500, never at
 * full size. The decoded image and its RGB working copy together stay within {@link
 * #DECODE_BUDGET_BYTES} whatever the declared size, which rules out {@link OutOfMemoryError} for
 * any image under {@link FaceImage#MAX_INPUT_PIXELS} on a heap with that much room. Everything
 * stays in memory: no ImageIO cache file is written.
 *
 * <p>Colour: grey, 16-bit, palette and alpha images become 8-bit sRGB, transparency composited on
 * white; embedded ICC profiles of JPEGs are applied by the JDK's reader; CMYK and YCCK JPEGs are
 * converted with the JDK's simple (profile-less) CMYK model. Downscaling halves with a 2x2 box
 * filter while the image is at least twice the target, then finishes bilinearly; no AWT rendering
 * pipeline is involved.
 *
 * <p>Every decoder failure, including warnings of corrupt or missing data and runtime exceptions
 * from broken files, becomes an {@link InvalidImageException}; no other exception escapes for a bad
 * image.
 */
public final class ImageNormalizer {

  /**
   * The most heap the decoded image and its RGB working copy may take together (96 MiB); larger
   * images are decoded with coarser subsampling.
   */
  static final long DECODE_BUDGET_BYTES = 96L * 1024 * 1024;

  /** Pixels decoded to check an image that is passed through unchanged. */
  static final long VERIFY_PIXELS = 1L << 20;

  /** The lowest JPEG quality used to meet a byte limit before dimensions are reduced. */
  static final int FLOOR_QUALITY = 60;

  private static final int QUALITY_STEP = 10;
  private static final int MAX_SHRINK_STEPS = 20;
  private static final int WHITE = 255;

  private ImageNormalizer() {}

  /**
   * Returns normalised JPEG bytes, or {@code bytes} itself when the image already fits {@code
   * limits}, has orientation 1 and carries no metadata. A plain JPEG (grey or YCbCr, every
   * segment in place, image data long enough for its frame: what {@link ImageProbe} checks) passes
   * without being decoded, so a compliant selfie costs no pixel work here; its entropy-coded data
   * is decoded first by the provider, which refuses damaged data with its own invalid-image error.
   * Other images pass only if a subsampled decode succeeds.
   *
   * @param bytes the encoded image, as probed; not modified
   * @param info what {@link ImageProbe#probe(byte[])} read from {@code bytes}
   * @param limits the limits to fit
   * @return JPEG bytes without metadata, or {@code bytes}
   * @throws InvalidImageException TOO_SMALL if a side is or would become shorter than {@link
   *     ImageLimits#minSide()}, CORRUPT if decoding fails, TOO_MANY_BYTES if no encoding fits
   *     {@link ImageLimits#maxBytes()} above the minimum side
   */
  public static byte[] normalize(byte[] bytes, ImageInfo info, ImageLimits limits) {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(limits, "limits");
    if (info.pixelCount() > FaceImage.MAX_INPUT_PIXELS) {
      throw new InvalidImageException(
          Reason.TOO_MANY_PIXELS,
          "The image declares "
              + info.width()
              + "x"
              + info.height()
              + " pixels, more than the "
              + FaceImage.MAX_INPUT_PIXELS / 1_000_000
              + " megapixels accepted; send a smaller image");
    }
    int orientation = info.orientation() >= 1 && info.orientation() <= 8 ? info.orientation() : 1;
    boolean turned = orientation >= 5;
    int width = turned ? info.height() : info.width();
    int height = turned ? info.width() : info.height();
    if (Math.min(width, height) < limits.minSide()) {
      throw new InvalidImageException(
          Reason.TOO_SMALL,
          "The image is "
              + width
              + "x"
              + height
              + " pixels; its shorter side must be at least "
              + limits.minSide()
              + " pixels. Send a larger image (images are never upscaled)");
    }
    int[] target = fit(width, height, limits.maxLongSide());
    if (Math.min(target[0], target[1]) < limits.minSide()) {
      throw new InvalidImageException(
          Reason.TOO_SMALL,
          "The image is "
              + width
              + "x"
              + height
              + " pixels; scaled to "
              + limits.maxLongSide()
              + " pixels on its longer side, its shorter side would be "
              + Math.min(target[0], target[1])
              + ", under the "
              + limits.minSide()
              + " required. Crop it closer to the face");
    }
    boolean fits =
        Math.max(width, height) <= limits.maxLongSide() && bytes.length <= limits.maxBytes();
    if (fits && orientation == 1 && !info.hasMetadata() && (info.plainJpeg() || decodesAsPlainImage(bytes, info))) {
      return bytes;
    }

    // No local keeps the decoded image: it can be collected once its RGB copy exists.
    BufferedImage rgb =
        toOrientedRgb(decode(bytes, info, Math.max(target[0], target[1]), false), orientation);
    int targetWidth = Math.min(target[0], rgb.getWidth());
    int targetHeight = Math.min(target[1], rgb.getHeight());
    if (Math.min(targetWidth, targetHeight) < limits.minSide()) {
      // Only possible when a huge maxLongSide made the decode budget bind.
      throw new InvalidImageException(
          Reason.TOO_SMALL,
          "The image is "
              + width
              + "x"
              + height
              + " pixels; decoded within the memory budget its"
              + " shorter side would be under the "
              + limits.minSide()
              + " pixels required."
              + " Send a smaller image with less extreme proportions");
    }
    BufferedImage sized = resize(rgb, targetWidth, targetHeight);
    return encodeToFit(sized, limits, width, height);
  }

  /** Returns {width, height} scaled so the longer side is at most {@code maxLongSide}. */
  private static int[] fit(int width, int height, int maxLongSide) {
    int longSide = Math.max(width, height);
    if (longSide <= maxLongSide) {
      return new int[] {width, height};
    }
    double scale = (double) maxLongSide / longSide;
    return new int[] {
      (int) Math.max(1, Math.min(maxLongSide, Math.round(width * scale))),
      (int) Math.max(1, Math.min(maxLongSide, Math.round(height * scale)))
    };
  }

  // ---------------------------------------------------------------- decoding

  /**
   * Decodes a subsampled copy to prove the data is intact; JPEGs must also be plain grey or RGB,
   * since CMYK ones must be converted even when they fit.
   */
  private static boolean decodesAsPlainImage(byte[] bytes, ImageInfo info) {
    BufferedImage check = decode(bytes, info, Integer.MAX_VALUE, true);
    if (info.format() == ImageFormat.PNG) {
      return true;
    }
    ColorSpace space = check.getColorModel().getColorSpace();
    return space.isCS_sRGB() || space.getType() == ColorSpace.TYPE_GRAY;
  }

  private static BufferedImage decode(
      byte[] bytes, ImageInfo info, int wantedLongSide, boolean verifyOnly) {
    ImageReader reader = reader(info.format());
    WarningGuard guard = new WarningGuard(reader);
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in, true, true);
      reader.addIIOReadWarningListener(guard);
      int width = reader.getWidth(0);
      int height = reader.getHeight(0);
      if (width != info.width() || height != info.height()) {
        throw corrupt(info.format(), "its header is inconsistent", null);
      }
      long pixelBudget =
          verifyOnly ? VERIFY_PIXELS : DECODE_BUDGET_BYTES / (bytesPerPixel(reader) + 4);
      int step = subsampling(width, height, wantedLongSide, pixelBudget);
      ImageReadParam param = reader.getDefaultReadParam();
      param.setSourceSubsampling(step, step, 0, 0);
      BufferedImage image = reader.read(0, param);
      if (guard.fatal != null) {
        throw corrupt(info.format(), "the decoder reported \"" + guard.fatal + "\"", null);
      }
      if (image == null || image.getWidth() < 1 || image.getHeight() < 1) {
        throw corrupt(info.format(), "the decoder returned no pixels", null);
      }
      return image;
    } catch (InvalidImageException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // IIOException, EOFException, and the ArrayIndexOutOfBounds-, IllegalArgument-, CMM- or
      // IllegalStateExceptions that broken files provoke inside ImageIO.
      String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw corrupt(info.format(), "it could not be decoded (" + detail + ")", e);
    } finally {
      reader.dispose();
    }
  }

  private static ImageReader reader(ImageFormat format) {
    Iterator<ImageReader> readers =
        ImageIO.getImageReadersByFormatName(format.name().toLowerCase(Locale.ROOT));
    if (!readers.hasNext()) {
      throw new IllegalStateException("The JDK's ImageIO has no " + format + " reader");
    }
    return readers.next();
  }

  /** Bytes per decoded pixel as ImageIO will store it; a conservative 8 when unknown. */
  private static int bytesPerPixel(ImageReader reader) throws IOException {
    Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
    if (types == null || !types.hasNext()) {
      return 8;
    }
    SampleModel model = types.next().getSampleModel(1, 1);
    int bits = model.getNumDataElements() * DataBuffer.getDataTypeSize(model.getDataType());
    return Math.max(1, Math.min(8, (bits + 7) / 8));
  }

  /**
   * Returns the subsampling step: as coarse as keeps the longer side at least {@code
   * wantedLongSide}, then coarser until the decoded pixels fit {@code pixelBudget}.
   */
  static int subsampling(int width, int height, int wantedLongSide, long pixelBudget) {
    int step = Math.max(1, Math.max(width, height) / Math.max(1, wantedLongSide));
    while (step < Math.max(width, height) && decodedPixels(width, height, step) > pixelBudget) {
      step++;
    }
    return step;
  }

  private static long decodedPixels(int width, int height, int step) {
    return (long) ((width + step - 1) / step) * ((height + step - 1) / step);
  }

  /** Records the first decoder warning that means missing or damaged data, and stops reading. */
  private static final class WarningGuard implements IIOReadWarningListener {
    private final ImageReader reader;
    @Nullable String fatal;

    WarningGuard(ImageReader reader) {
      this.reader = reader;
    }

    @Override
    public void warningOccurred(ImageReader source, String warning) {
      if (fatal == null && isFatal(warning)) {
        fatal = warning;
        reader.abort();
      }
    }

    private static boolean isFatal(String warning) {
      String w = warning.toLowerCase(Locale.ROOT);
      if (w.contains("extraneous bytes")) {
        return false; // stray bytes between segments: common in camera files and harmless
      }
      return w.contains("corrupt")
          || w.contains("premature")
          || w.contains("truncated")
          || w.contains("huffman")
          || w.contains("resync");
    }
  }

  // ---------------------------------------------------------------- colour and orientation

  /**
   * Returns an opaque sRGB copy of {@code image} with EXIF {@code orientation} applied: rows are
   * converted one at a time and written to where the orientation puts them.
   */
  private static BufferedImage toOrientedRgb(BufferedImage image, int orientation) {
    int w = image.getWidth();
    int h = image.getHeight();
    boolean turned = orientation >= 5;
    int outWidth = turned ? h : w;
    int outHeight = turned ? w : h;
    BufferedImage out = new BufferedImage(outWidth, outHeight, BufferedImage.TYPE_INT_RGB);
    int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
    RowConverter rows = RowConverter.of(image);
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      rows.convert(y, row);
      switch (orientation) {
        case 2 -> {
          int base = y * w + w - 1;
          for (int x = 0; x < w; x++) {
            dst[base - x] = row[x];
          }
        }
        case 3 -> {
          int base = (h - 1 - y) * w + w - 1;
          for (int x = 0; x < w; x++) {
            dst[base - x] = row[x];
          }
        }
        case 4 -> System.arraycopy(row, 0, dst, (h - 1 - y) * w, w);
        case 5 -> {
          for (int x = 0; x < w; x++) {
            dst[x * outWidth + y] = row[x];
          }
        }
        case 6 -> {
          int column = h - 1 - y;
          for (int x = 0; x < w; x++) {
            dst[x * outWidth + column] = row[x];
          }
        }
        case 7 -> {
          int column = h - 1 - y;
          for (int x = 0; x < w; x++) {
            dst[(w - 1 - x) * outWidth + column] = row[x];
          }
        }
        case 8 -> {
          for (int x = 0; x < w; x++) {
            dst[(w - 1 - x) * outWidth + y] = row[x];
          }
        }
        default -> System.arraycopy(row, 0, dst, y * w, w);
      }
    }
    return out;
  }

  /** Reads one row of a decoded image as opaque 0xRRGGBB pixels, alpha composited on white. */
  private abstract static class RowConverter {
    final BufferedImage image;
    final Raster raster;
    final int width;

    RowConverter(BufferedImage image) {
      this.image = image;
      this.raster = image.getRaster();
      this.width = image.getWidth();
    }

    abstract void convert(int y, int[] out);

    static RowConverter of(BufferedImage image) {
      ColorModel model = image.getColorModel();
      ColorSpace space = model.getColorSpace();
      int transfer = image.getRaster().getTransferType();
      boolean integral = transfer == DataBuffer.TYPE_BYTE || transfer == DataBuffer.TYPE_USHORT;
      if (model instanceof IndexColorModel) {
        return new Indexed(image);
      }
      if (model instanceof ComponentColorModel && integral && !model.isAlphaPremultiplied()) {
        int colours = model.getNumColorComponents();
        if (space.getType() == ColorSpace.TYPE_GRAY && colours == 1) {
          return new Components(image, Components.GREY);
        }
        if (space.isCS_sRGB() && colours == 3) {
          return new Components(image, Components.RGB);
        }
        if (space.getType() == ColorSpace.TYPE_CMYK
            && !(space instanceof ICC_ColorSpace)
            && colours == 4
            && !model.hasAlpha()) {
          return new Components(image, Components.CMYK);
        }
      }
      return new Generic(image);
    }

    static int blend(int colour, int alpha) {
      return (colour * alpha + WHITE * (255 - alpha) + 127) / 255;
    }

    static int composite(int argb) {
      int a = argb >>> 24;
      if (a == 255) {
        return argb & 0xFFFFFF;
      }
      return blend(argb >> 16 & 0xFF, a) << 16
          | blend(argb >> 8 & 0xFF, a) << 8
          | blend(argb & 0xFF, a);
    }
  }

  /** Palette images: the palette gives ARGB. */
  private static final class Indexed extends RowConverter {
    private final IndexColorModel palette;
    private final int[] indices;

    Indexed(BufferedImage image) {
      super(image);
      this.palette = (IndexColorModel) image.getColorModel();
      this.indices = new int[width];
    }

    @Override
    void convert(int y, int[] out) {
      raster.getSamples(0, y, width, 1, 0, indices);
      for (int x = 0; x < width; x++) {
        out[x] = composite(palette.getRGB(indices[x]));
      }
    }
  }

  /**
   * Grey, sRGB and simple CMYK images with 8- or 16-bit samples, read straight from the raster.
   * Grey samples are taken as display values, as every browser does, rather than as the linear grey
   * of Java's {@code CS_GRAY}, which would lighten them.
   */
  private static final class Components extends RowConverter {
    static final int GREY = 0;
    static final int RGB = 1;
    static final int CMYK = 2;

    /** CMYK to sRGB as the JDK's SimpleCMYKColorSpace does it: (1-c)(1-k), then sRGB gamma. */
    private static final byte[] LINEAR_PRODUCT_TO_SRGB = linearProductToSrgb();

    private final int kind;
    private final int bands;
    private final boolean alpha;
    private final int[] max;
    private final int[] samples;

    Components(BufferedImage image, int kind) {
      super(image);
      this.kind = kind;
      this.bands = raster.getNumBands();
      this.alpha = image.getColorModel().hasAlpha();
      this.max = new int[bands];
      for (int b = 0; b < bands; b++) {
        max[b] = (1 << raster.getSampleModel().getSampleSize(b)) - 1;
      }
      this.samples = new int[width * bands];
    }

    @Override
    void convert(int y, int[] out) {
      raster.getPixels(0, y, width, 1, samples);
      for (int x = 0, i = 0; x < width; x++, i += bands) {
        int rgb;
        if (kind == GREY) {
          int g = to8(samples[i], 0);
          rgb = g << 16 | g << 8 | g;
        } else if (kind == RGB) {
          rgb = to8(samples[i], 0) << 16 | to8(samples[i + 1], 1) << 8 | to8(samples[i + 2], 2);
        } else {
          int k = 255 - to8(samples[i + 3], 3);
          rgb =
              cmyk(to8(samples[i], 0), k) << 16
                  | cmyk(to8(samples[i + 1], 1), k) << 8
                  | cmyk(to8(samples[i + 2], 2), k);
        }
        if (alpha) {
          int a = to8(samples[i + bands - 1], bands - 1);
          rgb = a == 255 ? rgb : composite(a << 24 | rgb);
        }
        out[x] = rgb;
      }
    }

    private int to8(int sample, int band) {
      int m = max[band];
      return m == 255 ? sample : (sample * 255 + m / 2) / m;
    }

    private static int cmyk(int ink, int inverseK) {
      return LINEAR_PRODUCT_TO_SRGB[(255 - ink) * inverseK] & 0xFF;
    }

    private static byte[] linearProductToSrgb() {
      byte[] table = new byte[255 * 255 + 1];
      for (int i = 0; i < table.length; i++) {
        double linear = i / (255.0 * 255.0);
        double srgb =
            linear <= 0.0031308 ? 12.92 * linear : 1.055 * Math.pow(linear, 1 / 2.4) - 0.055;
        table[i] = (byte) Math.round(Math.max(0, Math.min(1, srgb)) * 255);
      }
      return table;
    }
  }

  /** Anything else (other ICC spaces, premultiplied alpha): the JDK's own conversion. */
  private static final class Generic extends RowConverter {
    Generic(BufferedImage image) {
      super(image);
    }

    @Override
    void convert(int y, int[] out) {
      image.getRGB(0, y, width, 1, out, 0, width);
      for (int x = 0; x < width; x++) {
        out[x] = composite(out[x]);
      }
    }
  }

  // ---------------------------------------------------------------- scaling

  /**
   * Returns {@code image} scaled to exactly {@code width} x {@code height}: halved with a 2x2 box
   * filter while at least twice as large, then bilinear; {@code image} itself if already that size.
   */
  static BufferedImage resize(BufferedImage image, int width, int height) {
    BufferedImage current = image;
    while (current.getWidth() / 2 >= width && current.getHeight() / 2 >= height) {
      current = halve(current);
    }
    if (current.getWidth() == width && current.getHeight() == height) {
      return current;
    }
    return bilinear(current, width, height);
  }

  /** Bilinear resampling, pixel centres aligned; good for ratios between one half and two. */
  private static BufferedImage bilinear(BufferedImage image, int width, int height) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] src = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
    int[] left = new int[width];
    int[] right = new int[width];
    int[] weight = new int[width]; // of the right-hand pixel, 0-256
    for (int x = 0; x < width; x++) {
      double sx = Math.max(0, Math.min(w - 1, (x + 0.5) * w / width - 0.5));
      left[x] = (int) sx;
      right[x] = Math.min(w - 1, left[x] + 1);
      weight[x] = (int) Math.round((sx - left[x]) * 256);
    }
    for (int y = 0; y < height; y++) {
      double sy = Math.max(0, Math.min(h - 1, (y + 0.5) * h / height - 0.5));
      int top = (int) sy;
      int below = (int) Math.round((sy - top) * 256);
      int rowTop = top * w;
      int rowBottom = Math.min(h - 1, top + 1) * w;
      int o = y * width;
      for (int x = 0; x < width; x++) {
        int upper = mix(src[rowTop + left[x]], src[rowTop + right[x]], weight[x]);
        int lower = mix(src[rowBottom + left[x]], src[rowBottom + right[x]], weight[x]);
        dst[o + x] = mix(upper, lower, below);
      }
    }
    return out;
  }

  /** Mixes two RGB pixels, {@code weight}/256 of {@code b}. */
  private static int mix(int a, int b, int weight) {
    int keep = 256 - weight;
    int r = ((a >> 16 & 0xFF) * keep + (b >> 16 & 0xFF) * weight + 128) >> 8;
    int g = ((a >> 8 & 0xFF) * keep + (b >> 8 & 0xFF) * weight + 128) >> 8;
    int bl = ((a & 0xFF) * keep + (b & 0xFF) * weight + 128) >> 8;
    return r << 16 | g << 8 | bl;
  }

  private static BufferedImage halve(BufferedImage image) {
    int w = image.getWidth();
    int halfWidth = w / 2;
    int halfHeight = image.getHeight() / 2;
    int[] src = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    BufferedImage out = new BufferedImage(halfWidth, halfHeight, BufferedImage.TYPE_INT_RGB);
    int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
    for (int y = 0; y < halfHeight; y++) {
      int top = 2 * y * w;
      int bottom = top + w;
      int o = y * halfWidth;
      for (int x = 0; x < halfWidth; x++) {
        int a = src[top + 2 * x];
        int b = src[top + 2 * x + 1];
        int c = src[bottom + 2 * x];
        int d = src[bottom + 2 * x + 1];
        int r =
            ((a >> 16 & 0xFF) + (b >> 16 & 0xFF) + (c >> 16 & 0xFF) + (d >> 16 & 0xFF) + 2) >> 2;
        int g = ((a >> 8 & 0xFF) + (b >> 8 & 0xFF) + (c >> 8 & 0xFF) + (d >> 8 & 0xFF) + 2) >> 2;
        int bl = ((a & 0xFF) + (b & 0xFF) + (c & 0xFF) + (d & 0xFF) + 2) >> 2;
        dst[o + x] = r << 16 | g << 8 | bl;
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- encoding

  /**
   * Encodes at the configured quality; if too large, steps the quality down to {@link
   * #FLOOR_QUALITY}, then shrinks the dimensions (estimated from the byte overshoot) until the
   * result fits.
   */
  private static byte[] encodeToFit(
      BufferedImage image, ImageLimits limits, int originalWidth, int originalHeight) {
    int quality = limits.jpegQuality();
    byte[] out = encode(image, quality);
    while (out.length > limits.maxBytes() && quality > FLOOR_QUALITY) {
      quality = Math.max(FLOOR_QUALITY, quality - QUALITY_STEP);
      out = encode(image, quality);
    }
    double scale = 1;
    for (int i = 0; i < MAX_SHRINK_STEPS && out.length > limits.maxBytes(); i++) {
      double factor = Math.sqrt((double) limits.maxBytes() / out.length) * 0.95;
      scale *= Math.max(0.5, Math.min(0.9, factor));
      int width = (int) Math.round(image.getWidth() * scale);
      int height = (int) Math.round(image.getHeight() * scale);
      if (Math.min(width, height) < limits.minSide()) {
        break;
      }
      out = encode(resize(image, width, height), quality);
    }
    if (out.length > limits.maxBytes()) {
      throw new InvalidImageException(
          Reason.TOO_MANY_BYTES,
          "The "
              + originalWidth
              + "x"
              + originalHeight
              + " image could not be compressed under "
              + limits.maxBytes()
              + " bytes while keeping its shorter side at least "
              + limits.minSide()
              + " pixels; send a simpler or smaller image");
    }
    return out;
  }

  private static byte[] encode(BufferedImage image, int quality) {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    if (!writers.hasNext()) {
      throw new IllegalStateException("The JDK's ImageIO has no JPEG writer");
    }
    ImageWriter writer = writers.next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality / 100f);
      if (param instanceof JPEGImageWriteParam jpeg) {
        jpeg.setOptimizeHuffmanTables(true);
      }
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException | RuntimeException e) {
      throw corrupt(ImageFormat.JPEG, "it could not be re-encoded (" + e.getMessage() + ")", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private static InvalidImageException corrupt(
      ImageFormat format, String what, @Nullable Throwable cause) {
    return new InvalidImageException(
        Reason.CORRUPT,
        "The " + format + " image is corrupt: " + what + "; re-export it or send another image",
        cause);
  }
}
