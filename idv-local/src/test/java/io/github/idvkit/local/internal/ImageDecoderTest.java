package io.github.idvkit.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.InvalidImageException;
import io.github.idvkit.local.TestPhotos;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {

  private static byte[] encode(BufferedImage image, String format) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(ImageIO.write(image, format, out)).isTrue();
    return out.toByteArray();
  }

  private static RgbImage decode(ImageDecoder decoder, byte[] bytes) {
    return decoder.decode(new ByteArrayInputStream(bytes));
  }

  @Test
  void decode_smallPng_keepsSizeAndExactPixels() throws Exception {
    BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, 0x112233);
    image.setRGB(2, 1, 0xAABBCC);

    RgbImage rgb = decode(new ImageDecoder(1280, 1_000_000), encode(image, "png"));

    assertThat(rgb.width()).isEqualTo(3);
    assertThat(rgb.height()).isEqualTo(2);
    assertThat(rgb.downscale()).isEqualTo(1.0);
    assertThat(Arrays.copyOfRange(rgb.pixels(), 0, 3)).containsExactly(0x11, 0x22, 0x33);
    assertThat(Arrays.copyOfRange(rgb.pixels(), 15, 18)).containsExactly(0xAA, 0xBB, 0xCC);
  }

  @Test
  void decode_largeImage_downscalesToTheLongSideByAveraging() throws Exception {
    BufferedImage image = new BufferedImage(2000, 1000, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(200, 100, 50));
    g.fillRect(0, 0, 2000, 1000);
    g.dispose();

    RgbImage rgb = decode(new ImageDecoder(500, 10_000_000), encode(image, "png"));

    assertThat(rgb.width()).isEqualTo(500);
    assertThat(rgb.height()).isEqualTo(250);
    assertThat(rgb.sourceWidth()).isEqualTo(2000);
    assertThat(rgb.sourceHeight()).isEqualTo(1000);
    assertThat(rgb.downscale()).isEqualTo(4.0);
    assertThat(Arrays.copyOfRange(rgb.pixels(), 0, 3)).containsExactly(200, 100, 50);
  }

  @Test
  void decode_stripedImage_averagesInsteadOfAliasing() throws Exception {
    BufferedImage image = new BufferedImage(1024, 16, BufferedImage.TYPE_BYTE_GRAY);
    for (int x = 0; x < 1024; x += 2) {
      for (int y = 0; y < 16; y++) {
        image.getRaster().setSample(x, y, 0, 255);
      }
    }

    RgbImage rgb = decode(new ImageDecoder(512, 10_000_000), encode(image, "png"));

    assertThat(rgb.width()).isEqualTo(512);
    for (byte b : rgb.pixels()) {
      assertThat(b & 0xff).isBetween(126, 129);
    }
  }

  @Test
  void decode_hugeImage_isDecimatedWhileDecodingThenAveraged() throws Exception {
    BufferedImage image = new BufferedImage(4096, 64, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(10, 20, 30));
    g.fillRect(0, 0, 4096, 64);
    g.dispose();

    RgbImage rgb = decode(new ImageDecoder(256, 10_000_000), encode(image, "png"));

    assertThat(rgb.width()).isEqualTo(256);
    assertThat(rgb.height()).isEqualTo(4);
    assertThat(rgb.sourceWidth()).isEqualTo(4096);
    assertThat(Arrays.copyOfRange(rgb.pixels(), 0, 3)).containsExactly(10, 20, 30);
  }

  @Test
  void decode_greyscaleAndAlphaPng_giveRgb() throws Exception {
    BufferedImage grey = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setSample(1, 1, 0, 77);
    BufferedImage argb = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(1, 1, 0x80102030);
    ImageDecoder decoder = new ImageDecoder(1280, 1_000_000);

    RgbImage g = decode(decoder, encode(grey, "png"));
    RgbImage a = decode(decoder, encode(argb, "png"));

    int i = (1 * 4 + 1) * 3;
    assertThat(Arrays.copyOfRange(g.pixels(), i, i + 3)).containsExactly(77, 77, 77);
    assertThat(Arrays.copyOfRange(a.pixels(), i, i + 3)).containsExactly(0x10, 0x20, 0x30);
  }

  @Test
  void decode_jpegPortrait_decodesAtFullSize() {
    RgbImage rgb = decode(new ImageDecoder(1280, 64_000_000), TestPhotos.GRACE_HOPPER.bytes());

    assertThat(rgb.width()).isEqualTo(512);
    assertThat(rgb.height()).isEqualTo(600);
  }

  @Test
  void decode_notAnImage_throwsUnsupportedFormat() {
    ImageDecoder decoder = new ImageDecoder(1280, 1_000_000);

    assertThatThrownBy(() -> decode(decoder, "hello, not an image".getBytes()))
        .isInstanceOf(InvalidImageException.class)
        .extracting(e -> ((InvalidImageException) e).reason())
        .isEqualTo(InvalidImageException.Reason.UNSUPPORTED_FORMAT);
  }

  @Test
  void decode_truncatedPng_throwsCorrect() throws Exception {
    byte[] png = TestPhotos.ASTRONAUT.bytes();
    byte[] truncated = Arrays.copyOf(png, png.length / 3);

    assertThatThrownBy(() -> decode(new ImageDecoder(1280, 64_000_000), truncated))
        .isInstanceOf(InvalidImageException.class)
        .extracting(e -> ((InvalidImageException) e).reason())
        .isEqualTo(InvalidImageException.Reason.CORRUPT);
  }

  @Test
  void decode_moreDeclaredPixelsThanTheLimit_throwsTooManyPixelsBeforeDecoding() {
    assertThatThrownBy(() -> decode(new ImageDecoder(1280, 100_000), TestPhotos.ASTRONAUT.bytes()))
        .isInstanceOf(InvalidImageException.class)
        .extracting(e -> ((InvalidImageException) e).reason())
        .isEqualTo(InvalidImageException.Reason.TOO_MANY_PIXELS);
  }

  @Test
  void toString_showsSizesOnly() {
    RgbImage image = RgbImage.of(2, 1, new byte[] {1, 2, 3, 4, 5, 6});

    assertThat(image.toString()).isEqualTo("RgbImage[2x1 from 2x1]");
  }
}
