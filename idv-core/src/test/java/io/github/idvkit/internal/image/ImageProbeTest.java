package io.github.idvkit.internal.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.idvkit.ImageFormat;
import io.github.idvkit.InvalidImageException;
import io.github.idvkit.InvalidImageException.Reason;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

class ImageProbeTest {

  private static final byte[] JPEG = jpeg(image(64, 48), false);
  private static final byte[] PNG = png(image(64, 48));

  // ---------------------------------------------------------------- formats and sizes

  @Test
  void probe_jpegFromImageIo_readsSizeWithoutMetadata() {
    ImageInfo info = ImageProbe.probe(JPEG);

    assertThat(info).isEqualTo(new ImageInfo(ImageFormat.JPEG, 64, 48, 1, false, true));
  }

  @Test
  void probe_progressiveJpeg_readsSize() {
    byte[] progressive = jpeg(image(120, 80), true);

    ImageInfo info = ImageProbe.probe(progressive);

    assertThat(info).isEqualTo(new ImageInfo(ImageFormat.JPEG, 120, 80, 1, false, true));
  }

  @Test
  void probe_greyJpeg_readsSize() {
    BufferedImage grey = new BufferedImage(33, 17, BufferedImage.TYPE_BYTE_GRAY);

    ImageInfo info = ImageProbe.probe(jpeg(grey, false));

    assertThat(info).isEqualTo(new ImageInfo(ImageFormat.JPEG, 33, 17, 1, false, true));
  }

  @Test
  void probe_pngFromImageIo_readsSizeWithoutMetadata() {
    ImageInfo info = ImageProbe.probe(PNG);

    assertThat(info).isEqualTo(new ImageInfo(ImageFormat.PNG, 64, 48, 1, false));
  }

  @Test
  void probe_pngDeclaringHugeSize_returnsDeclaredSizeWithoutDecoding() {
    byte[] bomb = pngHeaderOnly(100_000, 100_000);

    ImageInfo info = ImageProbe.probe(bomb);

    assertThat(info.width()).isEqualTo(100_000);
    assertThat(info.pixelCount()).isEqualTo(10_000_000_000L);
  }

  @Test
  void probe_jpegDeclaringMaximalSize_returnsDeclaredSize() {
    byte[] patched = withFrameSize(JPEG, 65535, 65535);

    ImageInfo info = ImageProbe.probe(patched);

    assertThat(info.width()).isEqualTo(65535);
    assertThat(info.height()).isEqualTo(65535);
  }

  @Test
  void probe_jpegWithRestartMarkers_skipsThemInScanData() throws IOException {
    byte[] jpeg = jpegWithRestartInterval(image(200, 120), 2);

    ImageInfo info = ImageProbe.probe(jpeg);

    assertThat(containsRestartMarker(jpeg)).isTrue();
    assertThat(info).isEqualTo(new ImageInfo(ImageFormat.JPEG, 200, 120, 1, false, true));
  }

  // ---------------------------------------------------------------- EXIF orientation

  @ParameterizedTest
  @CsvSource({
    "1,true", "2,true", "3,true", "4,true", "5,true", "6,true", "7,true", "8,true",
    "1,false", "2,false", "3,false", "4,false", "5,false", "6,false", "7,false", "8,false"
  })
  void probe_jpegWithExifOrientation_readsOrientationInBothByteOrders(
      int orientation, boolean littleEndian) {
    byte[] withExif = insertAfterSoi(JPEG, exifSegment(orientation, littleEndian));

    ImageInfo info = ImageProbe.probe(withExif);

    assertThat(info.orientation()).isEqualTo(orientation);
    assertThat(info.hasMetadata()).isTrue();
    assertThat(info.width()).isEqualTo(64);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 9, 255, 65535})
  void probe_exifWithAbsurdOrientation_defaultsToOne(int orientation) {
    byte[] withExif = insertAfterSoi(JPEG, exifSegment(orientation, true));

    ImageInfo info = ImageProbe.probe(withExif);

    assertThat(info.orientation()).isEqualTo(1);
    assertThat(info.hasMetadata()).isTrue();
  }

  @Test
  void probe_exifWithIfdOffsetOutsideSegment_defaultsToOne() {
    byte[] segment = exifSegment(6, false);
    segment[14] = 0x7F; // IFD offset 0x7F000008, far outside

    ImageInfo info = ImageProbe.probe(insertAfterSoi(JPEG, segment));

    assertThat(info.orientation()).isEqualTo(1);
  }

  @Test
  void probe_exifDeclaringMoreEntriesThanFit_readsWhatFits() {
    byte[] segment = exifSegment(8, true);
    segment[18] = (byte) 0xFF; // entry count 0x00FF, only one present
    byte[] withExif = insertAfterSoi(JPEG, segment);

    ImageInfo info = ImageProbe.probe(withExif);

    assertThat(info.orientation()).isEqualTo(8);
  }

  @Test
  void probe_exifCutAfterHeader_defaultsToOne() {
    byte[] full = exifSegment(6, true);
    byte[] cut = Arrays.copyOf(full, 4 + 6 + 8);
    cut[2] = 0;
    cut[3] = (byte) (cut.length - 2);

    ImageInfo info = ImageProbe.probe(insertAfterSoi(JPEG, cut));

    assertThat(info.orientation()).isEqualTo(1);
    assertThat(info.hasMetadata()).isTrue();
  }

  @Test
  void probe_pngWithExifChunk_readsOrientation() {
    byte[] segment = exifSegment(6, false);
    byte[] tiff = Arrays.copyOfRange(segment, 10, segment.length);

    ImageInfo info = ImageProbe.probe(withChunk(PNG, "eXIf", tiff));

    assertThat(info.orientation()).isEqualTo(6);
    assertThat(info.hasMetadata()).isTrue();
  }

  // ---------------------------------------------------------------- metadata

  @ParameterizedTest
  @ValueSource(ints = {0xFE, 0xE2, 0xED, 0xE1})
  void probe_jpegWithMetadataSegment_hasMetadata(int marker) {
    byte[] withSegment = insertAfterSoi(JPEG, segment(marker, "some words"));

    ImageInfo info = ImageProbe.probe(withSegment);

    assertThat(info.hasMetadata()).isTrue();
    assertThat(info.orientation()).isEqualTo(1);
  }

  @Test
  void probe_jpegWithAdobeColourSegment_hasNoMetadata() {
    byte[] adobe = segment(0xEE, "Adobe\0d\0\0\0\0\1");

    ImageInfo info = ImageProbe.probe(insertAfterSoi(JPEG, adobe));

    assertThat(info.hasMetadata()).isFalse();
  }

  @Test
  void probe_jpegWithJfifThumbnail_hasMetadata() {
    byte[] jfif = new byte[4 + 14 + 3];
    ByteBuffer.wrap(jfif)
        .put((byte) 0xFF)
        .put((byte) 0xE0)
        .putShort((short) (jfif.length - 2))
        .put("JFIF\0".getBytes(StandardCharsets.ISO_8859_1))
        .put((byte) 1)
        .put((byte) 2)
        .put((byte) 0)
        .putShort((short) 1)
        .putShort((short) 1)
        .put((byte) 1)
        .put((byte) 1);

    ImageInfo info = ImageProbe.probe(insertAfterSoi(JPEG, jfif));

    assertThat(info.hasMetadata()).isTrue();
  }

  @Test
  void probe_jpegWithBytesAfterEndOfImage_hasMetadata() {
    byte[] polyglot = concat(JPEG, "PK\3\4 a zip archive".getBytes(StandardCharsets.ISO_8859_1));

    ImageInfo info = ImageProbe.probe(polyglot);

    assertThat(info.hasMetadata()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"tEXt", "zTXt", "iTXt", "tIME", "iCCP", "eXIf", "acTL", "prVt"})
  void probe_pngWithMetadataChunk_hasMetadata(String type) {
    byte[] withChunk =
        withChunk(PNG, type, "Author\0Somebody".getBytes(StandardCharsets.ISO_8859_1));

    ImageInfo info = ImageProbe.probe(withChunk);

    assertThat(info.hasMetadata()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"pHYs", "gAMA", "sRGB", "cHRM", "bKGD", "sBIT"})
  void probe_pngWithRenderingChunk_hasNoMetadata(String type) {
    byte[] withChunk = withChunk(PNG, type, new byte[9]);

    ImageInfo info = ImageProbe.probe(withChunk);

    assertThat(info.hasMetadata()).isFalse();
  }

  @Test
  void probe_pngWithBytesAfterIend_hasMetadata() {
    byte[] polyglot =
        concat(PNG, "<script>alert(1)</script>".getBytes(StandardCharsets.ISO_8859_1));

    ImageInfo info = ImageProbe.probe(polyglot);

    assertThat(info.hasMetadata()).isTrue();
  }

  // ---------------------------------------------------------------- rejections

  @Test
  void probe_emptyBytes_throwsEmpty() {
    Throwable thrown = catchThrowable(() -> ImageProbe.probe(new byte[0]));

    assertThat(thrown).isInstanceOf(InvalidImageException.class);
    assertThat(((InvalidImageException) thrown).reason()).isEqualTo(Reason.EMPTY);
  }

  @ParameterizedTest
  @CsvSource({
    "'GIF89a\u0001\u0000\u0001\u0000', GIF",
    "'RIFF\u0000\u0000\u0000\u0000WEBPVP8 ', WebP",
    "'\u0000\u0000\u0000\u0018ftypheic\u0000\u0000', HEIC",
    "'%PDF-1.7', PDF",
    "'II*\u0000\u0008\u0000', TIFF",
    "'BM6\u0000\u0000\u0000', BMP",
    "'/9j/4AAQSkZJRgABAQ', base64",
    "'  iVBORw0KGgoAAAANSUhEUgAA', base64",
    "'data:image/jpeg;base64,/9j/', data: URL",
    "'<!DOCTYPE html><html>', HTML",
    "'<svg xmlns=\"http://www.w3.org/2000/svg\">', SVG",
  })
  void probe_otherFormat_throwsUnsupportedNamingIt(String head, String named) {
    byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);

    Throwable thrown = catchThrowable(() -> ImageProbe.probe(bytes));

    assertThat(thrown)
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining(named)
        .hasMessageContaining("not a JPEG or PNG");
    assertThat(((InvalidImageException) thrown).reason()).isEqualTo(Reason.UNSUPPORTED_FORMAT);
  }

  @Test
  void probe_unknownBytes_throwsUnsupportedFormat() {
    byte[] bytes = {1, 2, 3, 4, 5, 6, 7, 8, 9};

    Throwable thrown = catchThrowable(() -> ImageProbe.probe(bytes));

    assertThat(((InvalidImageException) thrown).reason()).isEqualTo(Reason.UNSUPPORTED_FORMAT);
    assertThat(thrown).hasMessage("The image is not a JPEG or PNG; convert it to JPEG or PNG");
  }

  @Test
  void probe_everyTruncationOfJpeg_throwsCorrupt() {
    Map<String, List<Integer>> outcomes = new TreeMap<>();

    for (int length = 1; length < JPEG.length; length++) {
      outcomes
          .computeIfAbsent(outcome(Arrays.copyOf(JPEG, length)), k -> new ArrayList<>())
          .add(length);
    }

    assertThat(outcomes).containsOnlyKeys("CORRUPT");
  }

  @Test
  void probe_everyTruncationOfPng_throwsCorrupt() {
    Map<String, List<Integer>> outcomes = new TreeMap<>();

    for (int length = 1; length < PNG.length; length++) {
      outcomes
          .computeIfAbsent(outcome(Arrays.copyOf(PNG, length)), k -> new ArrayList<>())
          .add(length);
    }

    assertThat(outcomes).containsOnlyKeys("CORRUPT");
  }

  @Test
  void probe_randomlyDamagedImages_failOnlyWithInvalidImageException() {
    SplittableRandom random = new SplittableRandom(7);
    byte[] exifJpeg = insertAfterSoi(JPEG, exifSegment(6, true));
    Map<String, Integer> outcomes = new TreeMap<>();

    for (int i = 0; i < 4000; i++) {
      byte[] damaged = (i % 2 == 0 ? exifJpeg : PNG).clone();
      for (int hits = 1 + random.nextInt(4); hits > 0; hits--) {
        damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
      }
      outcomes.merge(outcome(damaged), 1, Integer::sum); // any other exception fails the test
    }

    assertThat(outcomes).containsKeys("ok", "CORRUPT");
  }

  @Test
  void probe_jpegWithZeroWidth_throwsCorrupt() {
    byte[] patched = withFrameSize(JPEG, 0, 48);

    assertThatThrownBy(() -> ImageProbe.probe(patched))
        .isInstanceOfSatisfying(
            InvalidImageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT))
        .hasMessageContaining("0x48");
  }

  @Test
  void probe_pngWithZeroHeight_throwsCorrupt() {
    byte[] bad = pngHeaderOnly(64, 0);

    assertThatThrownBy(() -> ImageProbe.probe(bad))
        .isInstanceOfSatisfying(
            InvalidImageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT));
  }

  @Test
  void probe_pngWithImpossibleWidth_throwsCorrupt() {
    byte[] bad = pngHeaderOnly(-1, 10); // 0xFFFFFFFF, above the 2^31-1 PNG allows

    assertThatThrownBy(() -> ImageProbe.probe(bad))
        .isInstanceOfSatisfying(
            InvalidImageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT));
  }

  @Test
  void probe_pngWithWrongHeaderChecksum_throwsCorrupt() {
    byte[] bad = PNG.clone();
    bad[29] ^= 0x01;

    assertThatThrownBy(() -> ImageProbe.probe(bad))
        .isInstanceOfSatisfying(
            InvalidImageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT))
        .hasMessageContaining("checksum");
  }

  @Test
  void probe_pngWithoutImageData_throwsCorrupt() {
    byte[] noData = png(new byte[0], 64, 48, false);

    assertThatThrownBy(() -> ImageProbe.probe(noData))
        .isInstanceOfSatisfying(
            InvalidImageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT))
        .hasMessageContaining("no image data");
  }

  @Test
  void probe_applePng_throwsUnsupportedFormat() {
    byte[] cgbi = withChunk(PNG, "CgBI", new byte[4]);
    byte[] cgbiFirst =
        concat(
            Arrays.copyOf(PNG, 8),
            Arrays.copyOfRange(cgbi, 33, 33 + 16),
            Arrays.copyOfRange(PNG, 8, PNG.length));

    assertThatThrownBy(() -> ImageProbe.probe(cgbiFirst))
        .isInstanceOfSatisfying(
            InvalidImageException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_FORMAT))
        .hasMessageContaining("CgBI");
  }

  @ParameterizedTest
  @CsvSource({"0xC3, lossless", "0xC9, arithmetic", "0xC5, hierarchical"})
  void probe_jpegFlavourTheJdkCannotDecode_throwsUnsupportedFormat(String sof, String named) {
    byte[] patched = JPEG.clone();
    patched[frameHeaderOffset(JPEG) - 3] = (byte) Integer.parseInt(sof.substring(2), 16);

    assertThatThrownBy(() -> ImageProbe.probe(patched))
        .isInstanceOfSatisfying(
            InvalidImageException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_FORMAT))
        .hasMessageContaining(named);
  }

  @Test
  void probe_twelveBitJpeg_throwsUnsupportedFormat() {
    byte[] patched = JPEG.clone();
    patched[frameHeaderOffset(JPEG)] = 12;

    assertThatThrownBy(() -> ImageProbe.probe(patched))
        .isInstanceOfSatisfying(
            InvalidImageException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_FORMAT))
        .hasMessageContaining("12-bit");
  }

  @Test
  void probe_jpegWithThousandsOfScans_throwsCorrupt() {
    int sos = segmentOffset(JPEG, 0xDA);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(JPEG, 0, sos);
    byte[] scanHeader = {(byte) 0xFF, (byte) 0xDA, 0, 8, 1, 1, 0, 0, 63, 0};
    for (int i = 0; i < 5000; i++) {
      out.write(scanHeader, 0, scanHeader.length);
      out.write(0x12);
    }
    out.write(0xFF);
    out.write(0xD9);

    assertThatThrownBy(() -> ImageProbe.probe(out.toByteArray()))
        .isInstanceOfSatisfying(
            InvalidImageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT))
        .hasMessageContaining("scans");
  }

  @Test
  void probe_jpegWithSegmentLengthBelowTwo_throwsCorrupt() {
    byte[] bad = insertAfterSoi(JPEG, new byte[] {(byte) 0xFF, (byte) 0xE3, 0, 1});

    assertThatThrownBy(() -> ImageProbe.probe(bad))
        .isInstanceOfSatisfying(
            InvalidImageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT));
  }

  @Test
  void probe_jpegEndingBeforeImageData_throwsCorrupt() {
    byte[] bad = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9};

    assertThatThrownBy(() -> ImageProbe.probe(bad))
        .isInstanceOfSatisfying(
            InvalidImageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT))
        .hasMessageContaining("before any image data");
  }

  @Test
  void probe_corruptImage_messageHoldsNoImageBytes() {
    byte[] bad = Arrays.copyOf(JPEG, JPEG.length / 2);

    Throwable thrown = catchThrowable(() -> ImageProbe.probe(bad));

    assertThat(thrown.getMessage())
        .doesNotContain(Base64.getEncoder().encodeToString(Arrays.copyOf(bad, 12)))
        .contains("re-send the complete file");
  }

  // ---------------------------------------------------------------- helpers

  /** Returns "ok" or the rejection reason; any other exception propagates. */
  private static String outcome(byte[] bytes) {
    try {
      ImageProbe.probe(bytes);
      return "ok";
    } catch (InvalidImageException e) {
      return e.reason().name();
    }
  }

  static BufferedImage image(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8 | 0x40);
      }
    }
    return image;
  }

  static byte[] jpeg(BufferedImage image, boolean progressive) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (progressive) {
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
      }
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  static byte[] png(BufferedImage image) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** A baseline JPEG with a DRI segment, so its scan data holds RSTn markers. */
  static byte[] jpegWithRestartInterval(BufferedImage image, int mcus) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(image), param);
    String format = "javax_imageio_jpeg_image_1.0";
    Element tree = (Element) metadata.getAsTree(format);
    Element dri = new IIOMetadataNode("dri");
    dri.setAttribute("interval", Integer.toString(mcus));
    Node markers = tree.getElementsByTagName("markerSequence").item(0);
    markers.insertBefore(dri, markers.getFirstChild());
    metadata.setFromTree(format, tree);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, metadata), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  static boolean containsRestartMarker(byte[] jpeg) {
    for (int i = segmentOffset(jpeg, 0xDA); i + 1 < jpeg.length; i++) {
      if (jpeg[i] == (byte) 0xFF && (jpeg[i + 1] & 0xF8) == 0xD0) {
        return true;
      }
    }
    return false;
  }

  /** An APP1 segment with EXIF holding one IFD entry: orientation. */
  static byte[] exifSegment(int orientation, boolean littleEndian) {
    ByteBuffer b = ByteBuffer.allocate(4 + 6 + 26);
    b.put((byte) 0xFF).put((byte) 0xE1).putShort((short) (b.capacity() - 2));
    b.put("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1));
    b.order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    b.put((byte) (littleEndian ? 'I' : 'M')).put((byte) (littleEndian ? 'I' : 'M'));
    b.putShort((short) 42).putInt(8);
    b.putShort((short) 1);
    b.putShort((short) 0x0112)
        .putShort((short) 3)
        .putInt(1)
        .putShort((short) orientation)
        .putShort((short) 0);
    b.putInt(0);
    return b.array();
  }

  static byte[] segment(int marker, String payload) {
    byte[] data = payload.getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer b = ByteBuffer.allocate(4 + data.length);
    b.put((byte) 0xFF).put((byte) marker).putShort((short) (data.length + 2)).put(data);
    return b.array();
  }

  static byte[] insertAfterSoi(byte[] jpeg, byte[] segment) {
    return concat(Arrays.copyOf(jpeg, 2), segment, Arrays.copyOfRange(jpeg, 2, jpeg.length));
  }

  /** Inserts a chunk right after IHDR, with a correct CRC. */
  static byte[] withChunk(byte[] png, String type, byte[] data) {
    return concat(
        Arrays.copyOf(png, 33), chunk(type, data), Arrays.copyOfRange(png, 33, png.length));
  }

  static byte[] chunk(String type, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(12 + data.length);
    byte[] name = type.getBytes(StandardCharsets.ISO_8859_1);
    b.putInt(data.length).put(name).put(data);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(data);
    b.putInt((int) crc.getValue());
    return b.array();
  }

  /** A PNG with a valid header declaring {@code width} x {@code height} and a few bytes of data. */
  static byte[] pngHeaderOnly(int width, int height) {
    return png(deflate(new byte[16]), width, height, true);
  }

  static byte[] png(byte[] idat, int width, int height, boolean withData) {
    ByteBuffer header = ByteBuffer.allocate(13);
    header
        .putInt(width)
        .putInt(height)
        .put((byte) 8)
        .put((byte) 2)
        .put((byte) 0)
        .put((byte) 0)
        .put((byte) 0);
    byte[] signature = Arrays.copyOf(PNG, 8);
    return withData
        ? concat(
            signature,
            chunk("IHDR", header.array()),
            chunk("IDAT", idat),
            chunk("IEND", new byte[0]))
        : concat(signature, chunk("IHDR", header.array()), chunk("IEND", new byte[0]));
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
    throw new IllegalArgumentException("no marker " + marker);
  }

  /** Returns the offset of the SOF0 frame header's precision byte. */
  static int frameHeaderOffset(byte[] jpeg) {
    return segmentOffset(jpeg, 0xC0) + 4;
  }

  static byte[] withFrameSize(byte[] jpeg, int width, int height) {
    byte[] patched = jpeg.clone();
    ByteBuffer.wrap(patched, frameHeaderOffset(jpeg) + 1, 4)
        .putShort((short) height)
        .putShort((short) width);
    return patched;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.write(part, 0, part.length);
    }
    return out.toByteArray();
  }
}
