package io.github.idvkit.testkit.contract;

import io.github.idvkit.FaceImage;
import io.github.idvkit.testkit.TestFaces;
import io.github.idvkit.testkit.TestSubject;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.immutables.value.Value;

/**
 * The images a contract suite works with. Synthetic providers use {@link #synthetic()}; providers
 * that look at real faces (the offline engine) supply photos, and may build {@link #twoPeople()}
 * with {@link #sideBySide(FaceImage, FaceImage)}.
 *
 * <p>Every image must be normalised already ({@link FaceImage#normalize}) or fit the provider's
 * limits as it is, and every face must be frontal, sharp, well lit and large enough for the
 * provider to find.
 */
@Value.Immutable
public interface ContractFaces {

  /** A photo of person A alone. */
  FaceImage personA();

  /** Another photo of person A alone, not the same bytes as {@link #personA()}. */
  FaceImage personAAgain();

  /** A photo of person B alone, someone other than person A. */
  FaceImage personB();

  /** An image without any face. */
  FaceImage noFace();

  /**
   * A photo of person A beside person B, A's face clearly larger than B's (by a third or more of
   * its area), both found by the provider.
   */
  FaceImage twoPeople();

  /**
   * Returns every image, for checks that must see none of them in logs.
   *
   * @return the images
   */
  default List<FaceImage> all() {
    return List.of(personA(), personAAgain(), personB(), noFace(), twoPeople());
  }

  /** Checks the two photos of person A differ. */
  @Value.Check
  default void check() {
    if (personA().equals(personAAgain())) {
      throw new IllegalArgumentException("personAAgain must be another photo than personA");
    }
  }

  /**
   * Returns synthetic faces from {@link TestFaces}, which the in-memory fakes and any test endpoint
   * built on them understand: alice (images 1 and 2), bob, a landscape, and alice beside a small
   * bob.
   *
   * @return the faces
   */
  static ContractFaces synthetic() {
    TestSubject alice = TestFaces.subject("alice");
    TestSubject bob = TestFaces.subject("bob");
    return builder()
        .personA(alice.image(1))
        .personAAgain(alice.image(2))
        .personB(bob.image(1))
        .noFace(TestFaces.noFace())
        .twoPeople(TestFaces.group(3, alice, bob.small()))
        .build();
  }

  /**
   * Returns a PNG of {@code larger} and, to its right, {@code smaller} scaled to half its height,
   * on a white background: a {@link #twoPeople()} image made from two portraits.
   *
   * @param larger the photo whose face must be larger
   * @param smaller the photo shown smaller
   * @return the combined image
   * @throws UncheckedIOException if an image cannot be decoded
   */
  static FaceImage sideBySide(FaceImage larger, FaceImage smaller) {
    BufferedImage left = decode(larger);
    BufferedImage right = decode(smaller);
    int height = left.getHeight();
    int rightHeight = height / 2;
    int rightWidth = (int) Math.round(right.getWidth() * (double) rightHeight / right.getHeight());
    BufferedImage out =
        new BufferedImage(left.getWidth() + rightWidth, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, out.getWidth(), height);
      g.drawImage(left, 0, 0, null);
      g.drawImage(right, left.getWidth(), (height - rightHeight) / 2, rightWidth, rightHeight, null);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(bytes)) {
      ImageIO.write(out, "png", stream);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return FaceImage.fromBytes(bytes.toByteArray());
  }

  /**
   * Returns an image no provider can read: a PNG whose header is valid, so {@link FaceImage}
   * accepts it, but whose pixel data is not compressed data at all.
   *
   * @return the image
   */
  static FaceImage unreadable() {
    ByteBuffer png = ByteBuffer.allocate(8 + 25 + 12 + 64 + 12);
    png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
    ByteBuffer header = ByteBuffer.allocate(13).putInt(200).putInt(200);
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

  private static void chunk(ByteBuffer png, String type, byte[] data) {
    byte[] name = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(data);
    png.putInt(data.length).put(name).put(data).putInt((int) crc.getValue());
  }

  private static BufferedImage decode(FaceImage image) {
    try {
      BufferedImage decoded =
          ImageIO.read(new MemoryCacheImageInputStream(image.asInputStream()));
      if (decoded == null) {
        throw new IOException("No reader for " + image);
      }
      return decoded;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  static Builder builder() {
    return new Builder();
  }

  /** Builds {@link ContractFaces}. */
  final class Builder extends ImmutableContractFaces.Builder {}
}
