package io.github.idvkit.examples;

import io.github.idvkit.FaceImage;
import io.github.idvkit.ImageLimits;
import io.github.idvkit.ImageSource;
import io.github.idvkit.InvalidImageException;
import io.github.idvkit.StoredImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Reads the photos users name on a command line, with messages that say which photo failed. */
public final class Photos {

  private Photos() {}

  /**
   * Reads a photo file.
   *
   * @param file the file
   * @param role what the photo is for, such as {@code "selfie"}
   * @return the image
   * @throws CommandFailure ({@link ExitCode#BAD_INPUT}) if the file is missing or not a usable
   *     JPEG or PNG
   */
  public static FaceImage read(Path file, String role) {
    if (!Files.exists(file)) {
      throw new CommandFailure(ExitCode.BAD_INPUT, "no such file: " + file + " (the " + role + ")");
    }
    if (Files.isDirectory(file)) {
      throw new CommandFailure(ExitCode.BAD_INPUT, file + " is a directory, not a photo (the " + role + ")");
    }
    try {
      return FaceImage.fromPath(file);
    } catch (InvalidImageException e) {
      throw new CommandFailure(ExitCode.BAD_INPUT, "cannot use " + file + " as the " + role + ": " + lowerFirst(e.getMessage()), e);
    }
  }

  /**
   * Checks that a photo is large enough for a provider: its shorter side must reach {@link
   * ImageLimits#minSide()} (images are never upscaled).
   *
   * @param image the photo
   * @param file where it came from
   * @param role what the photo is for, such as {@code "ID photo"}
   * @param limits the provider's limits
   * @throws CommandFailure ({@link ExitCode#BAD_INPUT}) if it is too small
   */
  public static void checkSize(FaceImage image, Path file, String role, ImageLimits limits) {
    if (Math.min(image.width(), image.height()) < limits.minSide()) {
      throw new CommandFailure(ExitCode.BAD_INPUT, "cannot use " + file + " as the " + role + ": it is "
          + image.width() + "x" + image.height() + " pixels; its shorter side must be at least "
          + limits.minSide() + " pixels for this provider (photos are never upscaled)");
    }
  }

  /**
   * Reads an ID photo: an {@code s3://bucket/key} reference (which Rekognition reads from S3) or a
   * file.
   *
   * @param reference the reference or file name
   * @return the image source
   * @throws CommandFailure ({@link ExitCode#BAD_INPUT}) if the file is missing or not a usable
   *     image
   */
  public static ImageSource readIdPhoto(String reference) {
    if (reference.startsWith("s3://")) {
      return StoredImage.of(reference);
    }
    return read(Path.of(reference), "ID photo");
  }

  /**
   * Reads an ID photo as {@link #readIdPhoto(String)} does and checks a file's size against the
   * provider's limits.
   *
   * @param reference the reference or file name
   * @param limits the provider's limits
   * @return the image source
   * @throws CommandFailure ({@link ExitCode#BAD_INPUT}) if the file is missing, not a usable
   *     image or too small
   */
  public static ImageSource readIdPhoto(String reference, ImageLimits limits) {
    ImageSource source = readIdPhoto(reference);
    if (source instanceof FaceImage image) {
      checkSize(image, Path.of(reference), "ID photo", limits);
    }
    return source;
  }

  static String lowerFirst(String message) {
    if (message.length() > 1 && Character.isUpperCase(message.charAt(0)) && !Character.isUpperCase(message.charAt(1))) {
      return message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
    }
    return message;
  }
}
