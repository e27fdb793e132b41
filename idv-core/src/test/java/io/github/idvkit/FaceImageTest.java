package io.github.idvkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.InvalidImageException.Reason;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaceImageTest {

  private static final byte[] JPEG = encode(gradient(320, 240), "jpeg");
  private static final ImageLimits LIMITS =
      ImageLimits.builder().maxBytes(1_000_000).maxLongSide(1920).minSide(80).build();

  // ---------------------------------------------------------------- creation

  @Test
  void fromBytes_jpeg_readsFormatAndSizeFromHeader() {
    FaceImage image = FaceImage.fromBytes(JPEG);

    assertThat(image.format()).isEqualTo(ImageFormat.JPEG);
    assertThat(image.width()).isEqualTo(320);
    assertThat(image.height()).isEqualTo(240);
    assertThat(image.size()).isEqualTo(JPEG.length);
    assertThat(image.isNormalized()).isFalse();
  }

  @Test
  void fromBytes_png_readsFormat() {
    FaceImage image = FaceImage.fromBytes(encode(gradient(90, 100), "png"));

    assertThat(image.format()).isEqualTo(ImageFormat.PNG);
    assertThat(image.format().mediaType()).isEqualTo("image/png");
  }

  @Test
  void fromBytes_empty_throwsEmpty() {
    assertThatThrownBy(() -> FaceImage.fromBytes(new byte[0]))
        .isInstanceOfSatisfying(
            InvalidImageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EMPTY));
  }

  @Test
  void fromBytes_gif_throwsUnsupportedFormatNamingIt() {
    byte[] gif = encode(gradient(90, 100), "gif");

    assertThatThrownBy(() -> FaceImage.fromBytes(gif))
        .isInstanceOfSatisfying(
            InvalidImageException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_FORMAT))
        .hasMessageContaining("GIF");
  }

  @Test
  void fromBytes_truncatedJpeg_throwsCorrupt() {
    byte[] cut = Arrays.copyOf(JPEG, JPEG.length - 100);

    assertThatThrownBy(() -> FaceImage.fromBytes(cut))
        .isInstanceOfSatisfying(
            InvalidImageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT));
  }

  @Test
  void fromBytes_pngDeclaringHundredThousandSquare_throwsTooManyPixelsBeforeDecoding() {
    // The data is not even valid zlib: only a header check can reject this without an error.
    byte[] bomb = png(100_000, 100_000, "not image data".getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> FaceImage.fromBytes(bomb))
        .isInstanceOfSatisfying(
            InvalidImageException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_PIXELS))
        .hasMessageContaining("100000x100000");
  }

  @Test
  void fromBytes_jpegDeclaringMaximalSize_throwsTooManyPixels() {
    byte[] patched = JPEG.clone();
    int sof = frameHeader(patched);
    ByteBuffer.wrap(patched, sof + 5, 4).putShort((short) 65535).putShort((short) 65535);

    assertThatThrownBy(() -> FaceImage.fromBytes(patched))
        .isInstanceOfSatisfying(
            InvalidImageException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_PIXELS));
  }

  @Test
  void fromBytes_laterChangeToInput_doesNotChangeImage() {
    byte[] input = JPEG.clone();
    FaceImage image = FaceImage.fromBytes(input);

    Arrays.fill(input, (byte) 0);

    assertThat(image.bytes()).isEqualTo(JPEG);
  }

  @Test
  void bytes_changeToReturnedArray_doesNotChangeImage() {
    FaceImage image = FaceImage.fromBytes(JPEG);

    image.bytes()[100] ^= 1;

    assertThat(image.bytes()).isEqualTo(JPEG);
  }

  @Test
  void asByteBuffer_isReadOnlyView() {
    ByteBuffer buffer = FaceImage.fromBytes(JPEG).asByteBuffer();

    assertThat(buffer.remaining()).isEqualTo(JPEG.length);
    assertThatThrownBy(() -> buffer.put(0, (byte) 1)).isInstanceOf(ReadOnlyBufferException.class);
  }

  @Test
  void fromPath_file_readsImage(@TempDir Path dir) throws IOException {
    Path file = Files.write(dir.resolve("selfie.jpg"), JPEG);

    FaceImage image = FaceImage.fromPath(file);

    assertThat(image.bytes()).isEqualTo(JPEG);
  }

  @Test
  void fromPath_missingFile_throwsUnreadable(@TempDir Path dir) {
    assertThatThrownBy(() -> FaceImage.fromPath(dir.resolve("missing.jpg")))
        .isInstanceOfSatisfying(
            InvalidImageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNREADABLE));
  }

  @Test
  void fromStream_stream_readsToEndWithoutClosing() {
    boolean[] closed = {false};
    FilterInputStream in =
        new FilterInputStream(new ByteArrayInputStream(JPEG)) {
          @Override
          public void close() {
            closed[0] = true;
          }
        };

    FaceImage image = FaceImage.fromStream(in);

    assertThat(image.size()).isEqualTo(JPEG.length);
    assertThat(closed[0]).isFalse();
  }

  // ---------------------------------------------------------------- value behaviour

  @Test
  void toString_showsFormatSizeAndDimensionsButNoContent() {
    FaceImage image = FaceImage.fromBytes(JPEG);

    String text = image.toString();

    assertThat(text).isEqualTo("FaceImage[format=JPEG, size=" + JPEG.length + ", 320x240]");
    assertThat(text)
        .doesNotContain(Base64.getEncoder().encodeToString(Arrays.copyOf(JPEG, 9)))
        .doesNotContain(HexFormat.of().formatHex(JPEG, 0, 4));
  }

  @Test
  void equals_sameBytes_isEqualWithSameHash() {
    FaceImage a = FaceImage.fromBytes(JPEG);
    FaceImage b = FaceImage.fromBytes(JPEG.clone());

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
  }

  @Test
  void sha256_image_isDigestOfBytes() throws Exception {
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(JPEG));

    String digest = FaceImage.fromBytes(JPEG).sha256();

    assertThat(digest).isEqualTo(expected);
  }

  // ---------------------------------------------------------------- normalisation

  @Test
  void normalize_rotatedPhoto_returnsUprightJpeg() {
    FaceImage rotated = FaceImage.fromBytes(withExifOrientation(JPEG, 6));

    FaceImage upright = rotated.normalize(LIMITS);

    assertThat(upright.isNormalized()).isTrue();
    assertThat(upright.format()).isEqualTo(ImageFormat.JPEG);
    assertThat(upright.width()).isEqualTo(240);
    assertThat(upright.height()).isEqualTo(320);
    assertThat(new String(upright.bytes(), StandardCharsets.ISO_8859_1)).doesNotContain("Exif");
  }

  @Test
  void normalize_imageThatFits_keepsBytes() {
    FaceImage image = FaceImage.fromBytes(JPEG);

    FaceImage normalized = image.normalize(LIMITS);

    assertThat(normalized.isNormalized()).isTrue();
    assertThat(normalized).isEqualTo(image);
  }

  @Test
  void normalize_normalizedImage_returnsSameInstance() {
    FaceImage normalized = FaceImage.fromBytes(withExifOrientation(JPEG, 3)).normalize(LIMITS);

    FaceImage again = normalized.normalize(LIMITS);

    assertThat(again).isSameAs(normalized);
  }

  @Test
  void normalize_largeImage_fitsLongSide() {
    FaceImage large = FaceImage.fromBytes(encode(gradient(1200, 900), "jpeg"));
    ImageLimits limits =
        ImageLimits.builder().maxBytes(1_000_000).maxLongSide(400).minSide(80).build();

    FaceImage fitted = large.normalize(limits);

    assertThat(fitted.width()).isEqualTo(400);
    assertThat(fitted.height()).isEqualTo(300);
  }

  @Test
  void normalize_imageBelowMinimumSide_throwsTooSmall() {
    FaceImage small = FaceImage.fromBytes(encode(gradient(120, 60), "png"));

    assertThatThrownBy(() -> small.normalize(ImageLimits.rekognition()))
        .isInstanceOfSatisfying(
            InvalidImageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_SMALL));
  }

  // ---------------------------------------------------------------- helpers

  private static BufferedImage gradient(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8 | 0x60);
      }
    }
    return image;
  }

  private static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, format, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Inserts an EXIF APP1 segment (big-endian) holding only the orientation tag. */
  private static byte[] withExifOrientation(byte[] jpeg, int orientation) {
    ByteBuffer exif = ByteBuffer.allocate(4 + 6 + 26);
    exif.put((byte) 0xFF)
        .put((byte) 0xE1)
        .putShort((short) (exif.capacity() - 2))
        .put("Exif\0\0MM".getBytes(StandardCharsets.ISO_8859_1))
        .putShort((short) 42)
        .putInt(8)
        .putShort((short) 1)
        .putShort((short) 0x0112)
        .putShort((short) 3)
        .putInt(1)
        .putShort((short) orientation)
        .putShort((short) 0)
        .putInt(0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    out.write(exif.array(), 0, exif.capacity());
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  /** Returns the offset of the SOF0 marker in a JPEG written by ImageIO. */
  private static int frameHeader(byte[] jpeg) {
    int pos = 2;
    while ((jpeg[pos + 1] & 0xFF) != 0xC0) {
      pos += 2 + ((jpeg[pos + 2] & 0xFF) << 8 | (jpeg[pos + 3] & 0xFF));
    }
    return pos;
  }

  private static byte[] png(int width, int height, byte[] data) {
    ByteBuffer header =
        ByteBuffer.allocate(13)
            .putInt(width)
            .putInt(height)
            .put((byte) 8)
            .put((byte) 2)
            .put((byte) 0)
            .put((byte) 0)
            .put((byte) 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}, 0, 8);
    chunk(out, "IHDR", header.array());
    chunk(out, "IDAT", data);
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] name = type.getBytes(StandardCharsets.ISO_8859_1);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(data);
    ByteBuffer chunk =
        ByteBuffer.allocate(12 + data.length)
            .putInt(data.length)
            .put(name)
            .put(data)
            .putInt((int) crc.getValue());
    out.write(chunk.array(), 0, chunk.capacity());
  }
}
