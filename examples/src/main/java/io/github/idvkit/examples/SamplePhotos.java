package io.github.idvkit.examples;

import io.github.idvkit.FaceImage;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.RescaleOp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The photos the demo, the tutorial programs and {@code idv samples} use: three public-domain
 * portraits (provenance in {@code photos/PROVENANCE.md} next to them) and four images derived from
 * one of them.
 *
 * <p><strong>The derived images are not second photos of the person.</strong> No registry package
 * ships a second public-domain photo of the same person, so the "selfies" of Eileen Collins are her
 * NASA portrait re-cropped, re-exposed, slightly rotated, sometimes mirrored, and re-encoded as JPEG
 * here at run time (see {@link #derive}). They show that the flows run on real photos; they say
 * nothing about how well a model recognises a person across two different photos.
 */
public final class SamplePhotos {

  /** One sample photo: a file name, what it shows and where it came from, and the image. */
  public record Sample(String fileName, String description, boolean derived, FaceImage image) {
    /**
     * Creates a sample.
     *
     * @param fileName the file name {@code idv samples} writes it under
     * @param description what it shows and where it came from
     * @param derived whether it was derived here from another sample
     * @param image the image
     */
    public Sample {
      Objects.requireNonNull(fileName, "fileName");
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(image, "image");
    }
  }

  private static final String DIR = "photos/";
  private static final BufferedImage PORTRAIT = decode(read("astronaut.png"));

  private static final Sample ID_PHOTO =
      original("eileen-id.png", "astronaut.png", "NASA portrait of astronaut Eileen Collins, unchanged");
  private static final Sample SELFIE =
      derived("eileen-selfie.jpg", "re-cropped, 15 % brighter, rotated 4 degrees", 80, 0, 300, 4, 1.15, false, 360, 0.90f);
  private static final Sample LOGIN =
      derived("eileen-login.jpg", "re-cropped, 15 % darker, rotated -3 degrees, mirrored", 50, 0, 340, -3, 0.85, true, 400, 0.85f);
  private static final Sample AGAIN =
      derived("eileen-again.jpg", "tight crop, 5 % brighter, rotated 2 degrees", 100, 10, 260, 2, 1.05, false, 320, 0.90f);
  private static final Sample IDENTIFY =
      derived("eileen-identify.jpg", "wide crop, 5 % darker, rotated -5 degrees", 40, 0, 400, -5, 0.95, false, 420, 0.80f);
  private static final Sample GRACE =
      original("grace.jpg", "grace_hopper.jpg", "official U.S. Navy portrait of Rear Admiral Grace Hopper, unchanged");
  private static final Sample MONA =
      original("mona.png", "mona.png", "Leonardo da Vinci's Mona Lisa (a painting), unchanged");

  private SamplePhotos() {}

  /**
   * Returns Eileen Collins' NASA portrait, used as her ID photo.
   *
   * @return the sample
   */
  public static Sample idPhoto() {
    return ID_PHOTO;
  }

  /**
   * Returns the selfie she registers with: derived from the ID photo.
   *
   * @return the sample
   */
  public static Sample selfie() {
    return SELFIE;
  }

  /**
   * Returns the selfie she logs in with: derived from the ID photo, mirrored like a front camera.
   *
   * @return the sample
   */
  public static Sample loginSelfie() {
    return LOGIN;
  }

  /**
   * Returns a third derived image of her, for a second registration under another name.
   *
   * @return the sample
   */
  public static Sample duplicateSelfie() {
    return AGAIN;
  }

  /**
   * Returns a fourth derived image of her, for identification without a claimed identity.
   *
   * @return the sample
   */
  public static Sample identifySelfie() {
    return IDENTIFY;
  }

  /**
   * Returns Grace Hopper's U.S. Navy portrait: the stranger.
   *
   * @return the sample
   */
  public static Sample stranger() {
    return GRACE;
  }

  /**
   * Returns the Mona Lisa: a face nobody registered.
   *
   * @return the sample
   */
  public static Sample painting() {
    return MONA;
  }

  /**
   * Returns every sample, originals first.
   *
   * @return the samples
   */
  public static List<Sample> all() {
    return List.of(ID_PHOTO, GRACE, MONA, SELFIE, LOGIN, AGAIN, IDENTIFY);
  }

  /**
   * Writes every sample into a directory, with a {@code SAMPLES.txt} that says where each came
   * from.
   *
   * @param directory the directory; created if missing
   * @return the files written, in the order of {@link #all()}
   * @throws UncheckedIOException if a file cannot be written
   */
  public static List<Path> writeTo(Path directory) {
    try {
      Files.createDirectories(directory);
      StringBuilder notes = new StringBuilder(
          "Sample photos written by idv (public domain; provenance: examples/src/main/resources/"
              + "io/github/idvkit/examples/photos/PROVENANCE.md).\n"
              + "The eileen-*.jpg images are DERIVED from eileen-id.png (cropped, re-exposed,"
              + " rotated, re-encoded):\nthey are not second photos of the person.\n\n");
      List<Path> written = new java.util.ArrayList<>();
      for (Sample sample : all()) {
        Path file = directory.resolve(sample.fileName());
        Files.write(file, sample.image().bytes());
        written.add(file);
        notes.append(String.format(Locale.ROOT, "%-20s %s%n", sample.fileName(), sample.description()));
      }
      Files.writeString(directory.resolve("SAMPLES.txt"), notes);
      return List.copyOf(written);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the sample photos to " + directory, e);
    }
  }

  private static Sample original(String fileName, String resource, String description) {
    return new Sample(fileName, description, false, FaceImage.fromBytes(read(resource)));
  }

  private static Sample derived(
      String fileName,
      String edits,
      int x,
      int y,
      int side,
      double degrees,
      double exposure,
      boolean mirror,
      int outputSide,
      float jpegQuality) {
    BufferedImage image = derive(PORTRAIT, x, y, side, degrees, exposure, mirror, outputSide);
    return new Sample(
        fileName,
        "DERIVED from eileen-id.png: " + edits + ", JPEG quality " + Math.round(jpegQuality * 100)
            + " (not a second photo of her)",
        true,
        FaceImage.fromBytes(jpeg(image, jpegQuality)));
  }

  /**
   * Crops a square, rotates it about its centre (zooming just enough that no empty corner shows),
   * scales the exposure, optionally mirrors it, and resizes it, with bilinear sampling.
   */
  static BufferedImage derive(
      BufferedImage source,
      int x,
      int y,
      int side,
      double degrees,
      double exposure,
      boolean mirror,
      int outputSide) {
    double theta = Math.toRadians(degrees);
    double cover = Math.abs(Math.cos(theta)) + Math.abs(Math.sin(theta));
    double scale = (double) outputSide / side * cover;
    AffineTransform transform = new AffineTransform();
    transform.translate(outputSide / 2.0, outputSide / 2.0);
    if (mirror) {
      transform.scale(-1, 1);
    }
    transform.rotate(theta);
    transform.scale(scale, scale);
    transform.translate(-(x + side / 2.0), -(y + side / 2.0));

    BufferedImage out = new BufferedImage(outputSide, outputSide, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(source, transform, null);
    } finally {
      g.dispose();
    }
    return new RescaleOp((float) exposure, 0f, null).filter(out, null);
  }

  private static BufferedImage decode(byte[] bytes) {
    try {
      BufferedImage decoded = ImageIO.read(new java.io.ByteArrayInputStream(bytes));
      BufferedImage rgb =
          new BufferedImage(decoded.getWidth(), decoded.getHeight(), BufferedImage.TYPE_INT_RGB);
      Graphics2D g = rgb.createGraphics();
      try {
        g.drawImage(decoded, 0, 0, null);
      } finally {
        g.dispose();
      }
      return rgb;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not decode a bundled sample photo", e);
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
      throw new UncheckedIOException("Could not encode a derived sample photo", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private static byte[] read(String resource) {
    try (InputStream in = SamplePhotos.class.getResourceAsStream(DIR + resource)) {
      if (in == null) {
        throw new IllegalStateException("The bundled sample photo " + resource + " is missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the bundled sample photo " + resource, e);
    }
  }
}
