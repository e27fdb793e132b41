package io.github.idvkit.examples;

import io.github.idvkit.FaceImage;
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

  static String lowerFirst(String message) {
    if (message.length() > 1 && Character.isUpperCase(message.charAt(0)) && !Character.isUpperCase(message.charAt(1))) {
      return message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
    }
    return message;
  }
}
