package io.github.idvkit.local;

import io.github.idvkit.FaceImage;
import io.github.idvkit.local.internal.FaceDetection;
import io.github.idvkit.local.internal.FaceEngine;
import io.github.idvkit.local.internal.RgbImage;
import io.github.idvkit.local.internal.SharedEngine;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Single-face images of real people for the contract suites and the end-to-end tests: the one
 * known same-person pair cut out of the face-api demo photos (fetched at test time, see {@link
 * FaceApiSamples}), and the committed public-domain portraits.
 */
public final class RealFaces {

  private static FaceImage personA;
  private static FaceImage personAAgain;

  private RealFaces() {}

  /**
   * Returns the woman in the middle of sample3.jpg, cut out alone (a 2.4x box crop, 360 pixels): a
   * nearly frontal face.
   *
   * @return a JPEG
   */
  public static synchronized FaceImage personA() {
    if (personA == null) {
      personA = crop(FaceApiSamples.sample(3), 1);
    }
    return personA;
  }

  /**
   * Returns the same woman on the right of sample1.jpg, cut out alone: head tilted by about 45
   * degrees and turned a little.
   *
   * @return a JPEG
   */
  public static synchronized FaceImage personAAgain() {
    if (personAAgain == null) {
      personAAgain = crop(FaceApiSamples.sample(1), 2);
    }
    return personAAgain;
  }

  /**
   * Returns the faces the contract suites use: person A twice (the same-person pair), Grace
   * Hopper as person B, a gradient without a face, and A beside a smaller B.
   *
   * @return the faces
   */
  public static io.github.idvkit.testkit.contract.ContractFaces contractFaces() {
    FaceImage b = TestPhotos.GRACE_HOPPER.image();
    return io.github.idvkit.testkit.contract.ContractFaces.builder()
        .personA(personA())
        .personAAgain(personAAgain())
        .personB(b)
        .noFace(noFace())
        .twoPeople(sideBySide(personA(), b, 0.7))
        .build();
  }

  /**
   * Returns an image without a face: a smooth colour gradient.
   *
   * @return a PNG
   */
  public static FaceImage noFace() {
    BufferedImage image = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 300; y++) {
      for (int x = 0; x < 400; x++) {
        image.setRGB(x, y, new Color(60 + x / 4, 120 + y / 5, 200 - x / 5).getRGB());
      }
    }
    return FaceImage.fromBytes(encode(image, "png"));
  }

  /**
   * Returns {@code larger} and, to its right, {@code smaller} at {@code scale} of its size (faces
   * keep their proportions), on a grey background.
   *
   * @param larger the photo whose face must be larger
   * @param smaller the other photo
   * @param scale the smaller photo's scale, relative to the larger photo's height
   * @return a PNG
   */
  public static FaceImage sideBySide(FaceImage larger, FaceImage smaller, double scale) {
    BufferedImage left = decode(larger.bytes());
    BufferedImage right = decode(smaller.bytes());
    int rh = (int) Math.round(left.getHeight() * scale);
    int rw = (int) Math.round(right.getWidth() * (double) rh / right.getHeight());
    BufferedImage out =
        new BufferedImage(left.getWidth() + rw + 20, left.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    g.setColor(Color.GRAY);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    g.drawImage(left, 0, 0, null);
    g.drawImage(right, left.getWidth() + 20, (left.getHeight() - rh) / 2, rw, rh, null);
    g.dispose();
    return FaceImage.fromBytes(encode(out, "png"));
  }

  /**
   * Returns {@code image} resized by {@code factor}.
   *
   * @param image the image
   * @param factor the scale
   * @return a JPEG
   */
  public static FaceImage scaled(FaceImage image, double factor) {
    BufferedImage source = decode(image.bytes());
    int w = (int) Math.round(source.getWidth() * factor);
    int h = (int) Math.round(source.getHeight() * factor);
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(source, 0, 0, w, h, null);
    g.dispose();
    return FaceImage.fromBytes(encode(out, "jpg"));
  }

  /**
   * Returns an image {@link FaceImage} accepts (a valid PNG header) but no decoder can read: its
   * pixel data is not compressed data.
   *
   * @return the image
   */
  public static FaceImage unreadable() {
    java.nio.ByteBuffer png = java.nio.ByteBuffer.allocate(8 + 25 + 12 + 64 + 12);
    png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
    java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(13).putInt(200).putInt(200);
    header.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    chunk(png, "IHDR", header.array());
    byte[] garbage = new byte[64];
    for (int i = 0; i < garbage.length; i++) {
      garbage[i] = (byte) (0xA5 ^ i * 37);
    }
    chunk(png, "IDAT", garbage);
    chunk(png, "IEND", new byte[0]);
    return FaceImage.fromBytes(png.array());
  }

  private static void chunk(java.nio.ByteBuffer png, String type, byte[] data) {
    byte[] name = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(name);
    crc.update(data);
    png.putInt(data.length).put(name).put(data).putInt((int) crc.getValue());
  }

  /** Cuts the {@code index}-th face from the left out of a group photo. */
  private static FaceImage crop(byte[] jpeg, int index) {
    try {
      FaceEngine engine = SharedEngine.get();
      RgbImage image = engine.decode(new ByteArrayInputStream(jpeg));
      List<FaceDetection> faces = new ArrayList<>();
      for (FaceEngine.AnalyzedFace f : engine.detect(image)) {
        faces.add(f.detection());
      }
      faces.sort(Comparator.comparingDouble(FaceDetection::left));
      FaceDetection face = faces.get(index).scaled(image.downscale());
      BufferedImage source = decode(jpeg);
      double side = 2.4 * Math.max(face.width(), face.height());
      int x0 = (int) Math.round((face.left() + face.right()) / 2 - side / 2);
      int y0 = (int) Math.round((face.top() + face.bottom()) / 2 - side / 2);
      int s = (int) Math.round(side);
      BufferedImage out = new BufferedImage(360, 360, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = out.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.drawImage(source, 0, 0, 360, 360, x0, y0, x0 + s, y0 + s, null);
      g.dispose();
      return FaceImage.fromBytes(encode(out, "jpg"));
    } catch (Exception e) {
      throw new IllegalStateException("Could not cut a face out of a demo photo", e);
    }
  }

  private static BufferedImage decode(byte[] bytes) {
    try {
      return ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
}
