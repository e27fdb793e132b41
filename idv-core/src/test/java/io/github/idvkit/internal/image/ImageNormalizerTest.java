package io.github.idvkit.internal.image;

import static io.github.idvkit.internal.image.ImageProbeTest.chunk;
import static io.github.idvkit.internal.image.ImageProbeTest.concat;
import static io.github.idvkit.internal.image.ImageProbeTest.exifSegment;
import static io.github.idvkit.internal.image.ImageProbeTest.insertAfterSoi;
import static io.github.idvkit.internal.image.ImageProbeTest.jpeg;
import static io.github.idvkit.internal.image.ImageProbeTest.png;
import static io.github.idvkit.internal.image.ImageProbeTest.segment;
import static io.github.idvkit.internal.image.ImageProbeTest.segmentOffset;
import static io.github.idvkit.internal.image.ImageProbeTest.withChunk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.idvkit.ImageFormat;
import io.github.idvkit.ImageLimits;
import io.github.idvkit.InvalidImageException;
import io.github.idvkit.InvalidImageException.Reason;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageNormalizerTest {

  private static final ImageLimits ROOMY =
      ImageLimits.builder().maxBytes(5_000_000).maxLongSide(1920).minSide(16).build();

  private static final int RED = 0xFF0000;
  private static final int BLUE = 0x0000FF;
  private static final int GREY = 0x808080;

  // ---------------------------------------------------------------- pass-through

  @Test
  void normalize_plainJpegThatFits_returnsSameArray() {
    byte[] jpeg = jpeg(ImageProbeTest.image(200, 150), false);

    byte[] out = ImageNormalizer.normalize(jpeg, ImageProbe.probe(jpeg), ROOMY);

    assertThat(out).isSameAs(jpeg);
  }

  @Test
  void normalize_plainPngThatFits_returnsSameArray() {
    byte[] png = png(ImageProbeTest.image(200, 150));

    byte[] out = ImageNormalizer.normalize(png, ImageProbe.probe(png), ROOMY);

    assertThat(out).isSameAs(png);
  }

  @Test
  void normalize_ownOutput_isPassedThrough() {
    byte[] jpeg = insertAfterSoi(jpeg(ImageProbeTest.image(300, 200), false), exifSegment(6, true));
    byte[] once = ImageNormalizer.normalize(jpeg, ImageProbe.probe(jpeg), ROOMY);

    byte[] twice = ImageNormalizer.normalize(once, ImageProbe.probe(once), ROOMY);

    assertThat(twice).isSameAs(once);
    assertThat(ImageProbe.probe(once))
        .isEqualTo(new ImageInfo(ImageFormat.JPEG, 200, 300, 1, false, true));
  }

  // ---------------------------------------------------------------- orientation

  /**
   * The stored image has a red block in its top-left and a blue block in its top-right corner; the
   * expected corners after orientation follow the EXIF table (6 = rotate 90 degrees clockwise to
   * display, 8 = counter-clockwise, 2/4/5/7 mirrored).
   */
  @ParameterizedTest(name = "orientation {0}, little-endian {1}")
  @CsvSource({
    "1, true,  TL, TR", "2, true,  TR, TL", "3, true,  BR, BL", "4, true,  BL, BR",
    "5, true,  TL, BL", "6, true,  TR, BR", "7, true,  BR, TR", "8, true,  BL, TL",
    "1, false, TL, TR", "2, false, TR, TL", "3, false, BR, BL", "4, false, BL, BR",
    "5, false, TL, BL", "6, false, TR, BR", "7, false, BR, TR", "8, false, BL, TL"
  })
  void normalize_exifOrientation_putsCornerMarkersWhereExpected(
      int orientation, boolean littleEndian, String redCorner, String blueCorner) {
    byte[] stored =
        insertAfterSoi(jpeg(markedImage(160, 96), false), exifSegment(orientation, littleEndian));

    BufferedImage out = decode(ImageNormalizer.normalize(stored, ImageProbe.probe(stored), ROOMY));

    boolean turned = orientation >= 5;
    assertThat(out.getWidth()).isEqualTo(turned ? 96 : 160);
    assertThat(out.getHeight()).isEqualTo(turned ? 160 : 96);
    assertColour(corner(out, redCorner), RED);
    assertColour(corner(out, blueCorner), BLUE);
    assertColour(out.getRGB(out.getWidth() / 2, out.getHeight() / 2), GREY);
  }

  @Test
  void normalize_rotatedAndDownscaled_appliesBoth() {
    byte[] stored = insertAfterSoi(jpeg(markedImage(1600, 960), false), exifSegment(8, false));
    ImageLimits limits =
        ImageLimits.builder().maxBytes(1_000_000).maxLongSide(400).minSide(16).build();

    BufferedImage out = decode(ImageNormalizer.normalize(stored, ImageProbe.probe(stored), limits));

    assertThat(out.getWidth()).isEqualTo(240);
    assertThat(out.getHeight()).isEqualTo(400);
    assertColour(corner(out, "BL"), RED);
    assertColour(corner(out, "TL"), BLUE);
  }

  // ---------------------------------------------------------------- metadata

  @Test
  void normalize_jpegWithMetadata_writesJpegWithoutAny() {
    byte[] source = jpeg(ImageProbeTest.image(200, 150), false);
    byte[] tagged =
        insertAfterSoi(
            insertAfterSoi(source, segment(0xFE, "secret comment")),
            segment(0xE1, "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>secret</x:xmpmeta>"));

    byte[] out = ImageNormalizer.normalize(tagged, ImageProbe.probe(tagged), ROOMY);

    assertThat(ImageProbe.probe(out))
        .isEqualTo(new ImageInfo(ImageFormat.JPEG, 200, 150, 1, false, true));
    assertThat(new String(out, StandardCharsets.ISO_8859_1))
        .doesNotContain("secret", "Exif", "xmp");
  }

  @Test
  void normalize_pngWithTextChunks_writesJpegWithoutThem() {
    byte[] png = png(ImageProbeTest.image(200, 150));
    byte[] tagged =
        withChunk(
            withChunk(png, "tEXt", bytes("Author\0Alice Secret")),
            "tIME",
            new byte[] {7, (byte) 0xE9, 1, 2, 3, 4, 5});

    byte[] out = ImageNormalizer.normalize(tagged, ImageProbe.probe(tagged), ROOMY);

    assertThat(ImageProbe.probe(out))
        .isEqualTo(new ImageInfo(ImageFormat.JPEG, 200, 150, 1, false, true));
    assertThat(new String(out, StandardCharsets.ISO_8859_1)).doesNotContain("Alice", "tEXt");
  }

  @Test
  void normalize_polyglotJpeg_dropsTrailingBytes() {
    byte[] jpeg = jpeg(ImageProbeTest.image(200, 150), false);
    byte[] polyglot = concat(jpeg, bytes("PK\3\4 payload.js"));

    byte[] out = ImageNormalizer.normalize(polyglot, ImageProbe.probe(polyglot), ROOMY);

    assertThat(out).isNotSameAs(polyglot);
    assertThat(new String(out, StandardCharsets.ISO_8859_1)).doesNotContain("payload");
    assertThat(out[out.length - 2] & 0xFF).isEqualTo(0xFF);
    assertThat(out[out.length - 1] & 0xFF).isEqualTo(0xD9);
  }

  // ---------------------------------------------------------------- size limits

  @Test
  void normalize_largerThanMaxLongSide_downscalesKeepingAspect() {
    byte[] png = png(markedImage(1500, 500));
    ImageLimits limits =
        ImageLimits.builder().maxBytes(5_000_000).maxLongSide(600).minSide(80).build();

    BufferedImage out = decode(ImageNormalizer.normalize(png, ImageProbe.probe(png), limits));

    assertThat(out.getWidth()).isEqualTo(600);
    assertThat(out.getHeight()).isEqualTo(200);
    assertColour(corner(out, "TL"), RED);
    assertColour(corner(out, "TR"), BLUE);
    assertColour(out.getRGB(300, 100), GREY);
  }

  @Test
  void normalize_noisyTwelveMegapixelJpeg_fitsUnderByteLimit() {
    byte[] photo = jpeg(noise(4000, 3000), false);
    ImageLimits limits =
        ImageLimits.builder().maxBytes(300_000).maxLongSide(1920).minSide(80).build();

    byte[] out = ImageNormalizer.normalize(photo, ImageProbe.probe(photo), limits);

    ImageInfo info = ImageProbe.probe(out);
    assertThat(photo.length).isGreaterThan(3_000_000);
    assertThat(out.length).isLessThanOrEqualTo(300_000);
    assertThat(info.format()).isEqualTo(ImageFormat.JPEG);
    assertThat(info.width()).isBetween(600, 1920);
    assertThat((double) info.width() / info.height()).isCloseTo(4.0 / 3, within(0.01));
  }

  @Test
  void normalize_smallButHeavyPng_reencodesUnderByteLimit() {
    byte[] png = png(noise(500, 500));
    ImageLimits limits =
        ImageLimits.builder().maxBytes(200_000).maxLongSide(1920).minSide(80).build();

    byte[] out = ImageNormalizer.normalize(png, ImageProbe.probe(png), limits);

    assertThat(png.length).isGreaterThan(200_000);
    assertThat(out.length).isLessThanOrEqualTo(200_000);
    assertThat(ImageProbe.probe(out).format()).isEqualTo(ImageFormat.JPEG);
  }

  @Test
  void normalize_byteLimitUnreachableAboveMinSide_throwsTooManyBytes() {
    byte[] png = png(noise(520, 520));
    ImageLimits limits =
        ImageLimits.builder().maxBytes(10_000).maxLongSide(1920).minSide(500).build();

    assertThatThrownBy(() -> ImageNormalizer.normalize(png, ImageProbe.probe(png), limits))
        .isInstanceOfSatisfying(
            InvalidImageException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_BYTES));
  }

  @Test
  void normalize_shortSideUnderMinimum_throwsTooSmallWithoutUpscaling() {
    byte[] jpeg = jpeg(ImageProbeTest.image(200, 60), false);
    ImageLimits limits =
        ImageLimits.builder().maxBytes(1_000_000).maxLongSide(1920).minSide(80).build();

    assertThatThrownBy(() -> ImageNormalizer.normalize(jpeg, ImageProbe.probe(jpeg), limits))
        .isInstanceOfSatisfying(
            InvalidImageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_SMALL))
        .hasMessageContaining("200x60")
        .hasMessageContaining("at least 80");
  }

  @Test
  void normalize_extremeAspectRatio_throwsTooSmallBeforeDecoding() {
    byte[] png = ImageProbeTest.pngHeaderOnly(6000, 100);
    ImageLimits limits =
        ImageLimits.builder().maxBytes(1_000_000).maxLongSide(1920).minSide(80).build();

    assertThatThrownBy(() -> ImageNormalizer.normalize(png, ImageProbe.probe(png), limits))
        .isInstanceOfSatisfying(
            InvalidImageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_SMALL))
        .hasMessageContaining("would be 32");
  }

  @Test
  void normalize_decompressionBomb_decodesSubsampled() {
    byte[] bomb = greyPngOfZeros(6000, 6000);

    byte[] out = ImageNormalizer.normalize(bomb, ImageProbe.probe(bomb), ImageLimits.rekognition());

    assertThat(bomb.length).isLessThan(100_000);
    assertThat(ImageProbe.probe(out))
        .isEqualTo(new ImageInfo(ImageFormat.JPEG, 1920, 1920, 1, false, true));
  }

  @Test
  void subsampling_twelveMegapixelsForHalfTheSize_decodesAtHalfSize() {
    int step = ImageNormalizer.subsampling(4000, 3000, 1920, Long.MAX_VALUE);

    assertThat(step).isEqualTo(2);
  }

  @Test
  void subsampling_overPixelBudget_stepsUntilWithinBudget() {
    int step = ImageNormalizer.subsampling(8000, 8000, 8000, 4_000_000);

    assertThat(step).isEqualTo(4);
  }

  // ---------------------------------------------------------------- colour

  @Test
  void normalize_greyPng_keepsGreyLevels() {
    BufferedImage grey = new BufferedImage(100, 100, BufferedImage.TYPE_BYTE_GRAY);
    fill(grey.getRaster(), new int[] {100});
    byte[] png = withChunk(png(grey), "tEXt", bytes("k\0v"));

    BufferedImage out = decode(ImageNormalizer.normalize(png, ImageProbe.probe(png), ROOMY));

    assertColour(out.getRGB(50, 50), 0x646464);
  }

  @Test
  void normalize_sixteenBitGreyPng_convertsToEightBit() {
    BufferedImage grey = new BufferedImage(100, 100, BufferedImage.TYPE_USHORT_GRAY);
    fill(grey.getRaster(), new int[] {0xC8C8});
    byte[] png = withChunk(png(grey), "tEXt", bytes("k\0v"));

    BufferedImage out = decode(ImageNormalizer.normalize(png, ImageProbe.probe(png), ROOMY));

    assertColour(out.getRGB(50, 50), 0xC8C8C8);
  }

  @Test
  void normalize_sixteenBitRgbPng_convertsToEightBit() {
    WritableRaster raster =
        Raster.createInterleavedRaster(DataBuffer.TYPE_USHORT, 100, 100, 3, null);
    fill(raster, new int[] {0xFFFF, 0x8080, 0x0000});
    byte[] png = withChunk(rasterPng(raster), "tEXt", bytes("k\0v"));

    BufferedImage out = decode(ImageNormalizer.normalize(png, ImageProbe.probe(png), ROOMY));

    assertColour(out.getRGB(50, 50), 0xFF8000);
  }

  @Test
  void normalize_transparentPng_compositesOnWhite() {
    BufferedImage argb = new BufferedImage(100, 100, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < 100; y++) {
      for (int x = 0; x < 100; x++) {
        argb.setRGB(x, y, x < 50 ? 0x00000000 : 0x80FF0000);
      }
    }
    byte[] png = withChunk(png(argb), "tEXt", bytes("k\0v"));

    BufferedImage out = decode(ImageNormalizer.normalize(png, ImageProbe.probe(png), ROOMY));

    assertColour(out.getRGB(20, 50), 0xFFFFFF);
    assertColour(out.getRGB(80, 50), 0xFF7F7F);
  }

  @Test
  void normalize_palettePngWithTransparency_compositesOnWhite() {
    IndexColorModel palette =
        new IndexColorModel(
            2,
            2,
            new byte[] {0, (byte) 255},
            new byte[] {0, 0},
            new byte[] {(byte) 255, 0},
            new byte[] {0, (byte) 255});
    BufferedImage indexed = new BufferedImage(100, 100, BufferedImage.TYPE_BYTE_BINARY, palette);
    for (int y = 0; y < 100; y++) {
      for (int x = 50; x < 100; x++) {
        indexed.getRaster().setSample(x, y, 0, 1);
      }
    }
    byte[] png = withChunk(png(indexed), "tEXt", bytes("k\0v"));

    BufferedImage out = decode(ImageNormalizer.normalize(png, ImageProbe.probe(png), ROOMY));

    assertColour(out.getRGB(20, 50), 0xFFFFFF);
    assertColour(out.getRGB(80, 50), RED);
  }

  @Test
  void normalize_cmykJpeg_convertsAsTheJdkDoes() {
    WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 100, 100, 4, null);
    fill(cmyk, new int[] {10, 100, 200, 30});
    byte[] jpeg = rasterJpeg(cmyk);
    int expected = jdkDecode(jpeg).getRGB(50, 50) & 0xFFFFFF;

    byte[] out = ImageNormalizer.normalize(jpeg, ImageProbe.probe(jpeg), ROOMY);

    assertThat(out).isNotSameAs(jpeg);
    assertThat(decode(out).getRaster().getNumBands()).isEqualTo(3);
    assertColour(decode(out).getRGB(50, 50), expected);
  }

  @Test
  void normalize_jpegWithIccProfile_appliesProfileAndStripsIt() {
    byte[] profile = ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
    byte[] app2 =
        concat(
            new byte[] {
              (byte) 0xFF,
              (byte) 0xE2,
              (byte) ((profile.length + 16) >> 8),
              (byte) (profile.length + 16)
            },
            bytes("ICC_PROFILE\0\1\1"),
            profile);
    BufferedImage flat = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB);
    fill(flat.getRaster(), new int[] {0xC0, 0x80, 0x40});
    byte[] jpeg = insertAfterSoi(jpeg(flat, false), app2);
    int expected = jdkDecode(jpeg).getRGB(50, 50) & 0xFFFFFF;

    byte[] out = ImageNormalizer.normalize(jpeg, ImageProbe.probe(jpeg), ROOMY);

    assertThat(expected).isNotEqualTo(0xC08040); // the JDK did apply the linear profile
    assertColour(decode(out).getRGB(50, 50), expected);
    assertThat(ImageProbe.probe(out).hasMetadata()).isFalse();
  }

  @Test
  void normalize_jpegWithRestartMarkersAndExif_decodes() throws IOException {
    byte[] jpeg =
        insertAfterSoi(
            ImageProbeTest.jpegWithRestartInterval(markedImage(200, 120), 3), exifSegment(3, true));

    BufferedImage out = decode(ImageNormalizer.normalize(jpeg, ImageProbe.probe(jpeg), ROOMY));

    assertColour(corner(out, "BR"), RED);
    assertColour(corner(out, "BL"), BLUE);
  }

  @Test
  void normalize_interlacedPng_decodesSubsampled() {
    byte[] png = interlacedPng(markedImage(1000, 800));
    ImageLimits limits =
        ImageLimits.builder().maxBytes(1_000_000).maxLongSide(400).minSide(80).build();

    BufferedImage out = decode(ImageNormalizer.normalize(png, ImageProbe.probe(png), limits));

    assertThat(png[28]).as("interlace method").isEqualTo((byte) 1);
    assertThat(out.getWidth()).isEqualTo(400);
    assertThat(out.getHeight()).isEqualTo(320);
    assertColour(corner(out, "TL"), RED);
    assertColour(corner(out, "TR"), BLUE);
  }

  @Test
  void normalize_progressiveJpeg_decodesSubsampled() {
    byte[] jpeg = jpeg(markedImage(1000, 800), true);
    ImageLimits limits =
        ImageLimits.builder().maxBytes(1_000_000).maxLongSide(400).minSide(80).build();

    BufferedImage out = decode(ImageNormalizer.normalize(jpeg, ImageProbe.probe(jpeg), limits));

    assertThat(out.getWidth()).isEqualTo(400);
    assertColour(corner(out, "TL"), RED);
    assertColour(corner(out, "TR"), BLUE);
  }

  // ---------------------------------------------------------------- damaged input

  @Test
  void normalize_plainJpegThatFits_isPassedThroughWithoutDecoding() {
    // Garbled entropy-coded data in a structurally complete JPEG: decoding would refuse it, so
    // passing it through unchanged shows no pixel was decoded. The provider decodes it first.
    byte[] jpeg = jpeg(ImageProbeTest.image(640, 480), false);
    byte[] garbled = jpeg.clone();
    for (int i = segmentOffset(jpeg, 0xDA) + 20; i < jpeg.length - 2; i += 97) {
      if (garbled[i] != (byte) 0xFF && garbled[i - 1] != (byte) 0xFF) {
        garbled[i] ^= 0x21;
      }
    }

    assertThat(ImageNormalizer.normalize(garbled, ImageProbe.probe(garbled), ROOMY)).isSameAs(garbled);
  }

  @Test
  void normalize_garbledScanDataThatMustBeReencoded_throwsCorrupt() {
    byte[] jpeg = insertAfterSoi(jpeg(ImageProbeTest.image(640, 480), false), exifSegment(6, false));
    byte[] garbled = jpeg.clone();
    for (int i = segmentOffset(jpeg, 0xDA) + 20; i < jpeg.length - 2; i += 97) {
      if (garbled[i] != (byte) 0xFF && garbled[i - 1] != (byte) 0xFF) {
        garbled[i] ^= 0x21;
      }
    }

    assertThatThrownBy(() -> ImageNormalizer.normalize(garbled, ImageProbe.probe(garbled), ROOMY))
        .isInstanceOfSatisfying(
            InvalidImageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT));
  }

  @Test
  void normalize_jpegDeclaringFarMorePixelsThanItHolds_throwsCorrupt() {
    byte[] small = jpeg(ImageProbeTest.image(64, 48), false);
    byte[] inflated = ImageProbeTest.withFrameSize(small, 8000, 6000);

    assertThatThrownBy(() -> ImageNormalizer.normalize(inflated, ImageProbe.probe(inflated), ROOMY))
        .isInstanceOfSatisfying(
            InvalidImageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT));
  }

  @Test
  void normalize_pngWithBrokenCompressedData_throwsCorrupt() {
    byte[] header = Arrays.copyOf(png(ImageProbeTest.image(64, 48)), 33);
    byte[] broken =
        concat(
            header, chunk("IDAT", bytes("definitely not zlib data")), chunk("IEND", new byte[0]));

    assertThatThrownBy(() -> ImageNormalizer.normalize(broken, ImageProbe.probe(broken), ROOMY))
        .isInstanceOfSatisfying(
            InvalidImageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT))
        .hasMessageContaining("could not be decoded");
  }

  @Test
  void normalize_randomlyDamagedImages_failOnlyWithInvalidImageException() {
    SplittableRandom random = new SplittableRandom(11);
    byte[] jpeg = insertAfterSoi(jpeg(ImageProbeTest.image(96, 64), false), exifSegment(3, false));
    byte[] progressive = jpeg(ImageProbeTest.image(96, 64), true);
    byte[] png = png(ImageProbeTest.image(96, 64));
    byte[][] sources = {jpeg, progressive, png};
    Map<String, Integer> outcomes = new TreeMap<>();

    for (int i = 0; i < 600; i++) {
      byte[] damaged = sources[i % 3].clone();
      for (int hits = 1 + random.nextInt(6); hits > 0; hits--) {
        damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
      }
      outcomes.merge(outcome(damaged), 1, Integer::sum); // any other exception fails the test
    }

    assertThat(outcomes).containsKeys("ok", "CORRUPT");
  }

  // ---------------------------------------------------------------- helpers

  /** Returns "ok" when probing and normalising succeed, or the rejection reason. */
  private static String outcome(byte[] bytes) {
    try {
      ImageNormalizer.normalize(bytes, ImageProbe.probe(bytes), ROOMY);
      return "ok";
    } catch (InvalidImageException e) {
      return e.reason().name();
    }
  }

  /** Grey with a 24-pixel red block top-left and a blue block top-right, as stored. */
  private static BufferedImage markedImage(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    int block = Math.max(24, Math.min(width, height) / 4);
    g.setColor(new Color(GREY));
    g.fillRect(0, 0, width, height);
    g.setColor(new Color(RED));
    g.fillRect(0, 0, block, block);
    g.setColor(new Color(BLUE));
    g.fillRect(width - block, 0, block, block);
    g.dispose();
    return image;
  }

  private static int corner(BufferedImage image, String corner) {
    int inset = Math.max(6, Math.min(image.getWidth(), image.getHeight()) / 16);
    int x = corner.endsWith("L") ? inset : image.getWidth() - 1 - inset;
    int y = corner.startsWith("T") ? inset : image.getHeight() - 1 - inset;
    return image.getRGB(x, y);
  }

  private static void assertColour(int actual, int expected) {
    for (int shift = 0; shift <= 16; shift += 8) {
      assertThat(actual >> shift & 0xFF)
          .as("pixel %06X, expected %06X", actual & 0xFFFFFF, expected)
          .isCloseTo(expected >> shift & 0xFF, within(12));
    }
  }

  private static BufferedImage noise(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < pixels.length; i++) {
      int n = random.nextInt();
      int x = i % width;
      pixels[i] =
          ((x * 200 / width) + (n & 0x3F)) << 16 | (64 + (n >> 8 & 0x3F)) << 8 | (n >> 16 & 0x7F);
    }
    return image;
  }

  private static void fill(WritableRaster raster, int[] pixel) {
    for (int y = 0; y < raster.getHeight(); y++) {
      for (int x = 0; x < raster.getWidth(); x++) {
        raster.setPixel(x, y, pixel);
      }
    }
  }

  /** Writes a raster with ImageIO's PNG writer: 16-bit RGB has no predefined image type. */
  private static byte[] rasterPng(WritableRaster raster) {
    ColorSpace srgb = ColorSpace.getInstance(ColorSpace.CS_sRGB);
    ComponentColorModel model =
        new ComponentColorModel(srgb, false, false, Transparency.OPAQUE, raster.getTransferType());
    return png(new BufferedImage(model, raster, false, null));
  }

  /** Writes a raster as JPEG: four bands make a CMYK JPEG. */
  private static byte[] rasterJpeg(WritableRaster raster) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(raster, null, null), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private static byte[] interlacedPng(BufferedImage image) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private static BufferedImage jdkDecode(byte[] bytes) {
    try {
      return ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BufferedImage decode(byte[] bytes) {
    assertThat(ImageProbe.probe(bytes).format()).isEqualTo(ImageFormat.JPEG);
    return jdkDecode(bytes);
  }

  /** An 8-bit grey PNG of zeros: a few hundred kilobytes that inflate to width x height bytes. */
  private static byte[] greyPngOfZeros(int width, int height) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (DeflaterOutputStream deflate = new DeflaterOutputStream(compressed)) {
      byte[] row = new byte[width + 1];
      for (int y = 0; y < height; y++) {
        deflate.write(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ByteBuffer header = ByteBuffer.allocate(13);
    header
        .putInt(width)
        .putInt(height)
        .put((byte) 8)
        .put((byte) 0)
        .put((byte) 0)
        .put((byte) 0)
        .put((byte) 0);
    return concat(
        Arrays.copyOf(png(ImageProbeTest.image(1, 1)), 8),
        chunk("IHDR", header.array()),
        chunk("IDAT", compressed.toByteArray()),
        chunk("IEND", new byte[0]));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}
