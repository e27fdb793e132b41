package io.github.idvkit;

import io.github.idvkit.internal.image.ImageInfo;
import io.github.idvkit.internal.image.ImageNormalizer;
import io.github.idvkit.internal.image.ImageProbe;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An image that may hold a face: validated, immutable bytes of a JPEG or PNG.
 *
 * <p>Creating one checks the magic bytes, reads the width and height from the header and enforces
 * the byte-size and pixel-count limits <em>before</em> anything is decoded, so a decompression bomb
 * is refused cheaply. {@link #normalize(ImageLimits)} then applies the EXIF orientation, strips all
 * metadata and downscales and re-encodes the image to fit a provider's limits (an image that already
 * fits and carries nothing to strip is kept as it is, PNG included); flows do this once,
 * for every provider, before the first provider call.
 *
 * <pre>{@code
 * FaceImage selfie = FaceImage.fromPath(Path.of("selfie.jpg"));
 * FaceImage ready = selfie.normalize(ImageLimits.rekognition());
 * }</pre>
 *
 * <p>Instances copy bytes on the way in and out ({@link #fromBytes}, {@link #bytes()}); {@link
 * #asByteBuffer()} gives a read-only view without a copy. {@link #toString()} shows the format and
 * size, never content. Equality is by content.
 */
public final class FaceImage implements ImageSource {

  /** The largest encoded image accepted, in bytes (40 MiB). */
  public static final long MAX_INPUT_BYTES = 40L * 1024 * 1024;

  /** The largest declared pixel count accepted (64 megapixels), checked before decoding. */
  public static final long MAX_INPUT_PIXELS = 64_000_000L;

  private final byte[] bytes;
  private final ImageInfo info;
  private final boolean normalized;
  private volatile String sha256;

  private FaceImage(byte[] bytes, ImageInfo info, boolean normalized) {
    this.bytes = bytes;
    this.info = info;
    this.normalized = normalized;
  }

  /**
   * Returns an image holding a copy of {@code bytes}.
   *
   * @param bytes a JPEG or PNG
   * @return the image
   * @throws InvalidImageException if the bytes are empty, not JPEG or PNG, corrupt, or exceed
   *     {@link #MAX_INPUT_BYTES} or {@link #MAX_INPUT_PIXELS}
   */
  public static FaceImage fromBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length > MAX_INPUT_BYTES) {
      throw tooManyBytes(bytes.length); // before the copy: an oversized input is never duplicated
    }
    return wrap(bytes.clone());
  }

  /**
   * Returns an image read from a file.
   *
   * @param path a JPEG or PNG file
   * @return the image
   * @throws InvalidImageException if the file cannot be read, or as {@link #fromBytes(byte[])}
   */
  public static FaceImage fromPath(Path path) {
    Objects.requireNonNull(path, "path");
    try {
      long size = Files.size(path);
      if (size > MAX_INPUT_BYTES) {
        throw tooManyBytes(size);
      }
      return wrap(Files.readAllBytes(path));
    } catch (NoSuchFileException e) {
      throw new InvalidImageException(
          InvalidImageException.Reason.UNREADABLE, "No such image file: " + path, e);
    } catch (IOException e) {
      throw new InvalidImageException(
          InvalidImageException.Reason.UNREADABLE,
          "Could not read image file " + path + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * Returns an image read from {@code in} to its end. The stream is not closed.
   *
   * @param in a stream holding a JPEG or PNG
   * @return the image
   * @throws InvalidImageException if the stream fails, holds more than {@link #MAX_INPUT_BYTES}, or
   *     as {@link #fromBytes(byte[])}
   */
  public static FaceImage fromStream(InputStream in) {
    Objects.requireNonNull(in, "in");
    try {
      byte[] read = in.readNBytes((int) MAX_INPUT_BYTES + 1);
      if (read.length > MAX_INPUT_BYTES) {
        throw new InvalidImageException(
            InvalidImageException.Reason.TOO_MANY_BYTES,
            "The image stream holds more than the " + MAX_INPUT_BYTES
                + " bytes accepted; send a smaller image");
      }
      return wrap(read);
    } catch (IOException e) {
      throw new InvalidImageException(
          InvalidImageException.Reason.UNREADABLE, "Could not read image stream: " + e.getMessage(), e);
    }
  }

  private static FaceImage wrap(byte[] owned) {
    if (owned.length > MAX_INPUT_BYTES) {
      throw tooManyBytes(owned.length);
    }
    ImageInfo info = ImageProbe.probe(owned);
    if (info.pixelCount() > MAX_INPUT_PIXELS) {
      throw new InvalidImageException(
          InvalidImageException.Reason.TOO_MANY_PIXELS,
          "The image declares "
              + info.width()
              + "x"
              + info.height()
              + " pixels, more than the "
              + MAX_INPUT_PIXELS / 1_000_000
              + " megapixels accepted; send a smaller image");
    }
    return new FaceImage(owned, info, false);
  }

  private static InvalidImageException tooManyBytes(long size) {
    return new InvalidImageException(
        InvalidImageException.Reason.TOO_MANY_BYTES,
        "The image has " + size + " bytes, more than the " + MAX_INPUT_BYTES
            + " accepted; send a smaller image");
  }

  /**
   * Returns this image made fit for a provider: EXIF orientation applied, metadata stripped,
   * downscaled so that the long side and the encoded size fit {@code limits}, re-encoded as JPEG.
   * An image that already fits and carries nothing to strip is returned as it is.
   *
   * @param limits the provider's limits
   * @return the normalised image
   * @throws InvalidImageException {@code CORRUPT} if the pixel data cannot be decoded, {@code
   *     TOO_SMALL} if a side is, or once scaled would be, shorter than {@link ImageLimits#minSide()},
   *     {@code TOO_MANY_BYTES} if no encoding fits {@link ImageLimits#maxBytes()}
   */
  public FaceImage normalize(ImageLimits limits) {
    Objects.requireNonNull(limits, "limits");
    if (normalized && fits(limits)) {
      return this;
    }
    byte[] out = ImageNormalizer.normalize(bytes, info, limits);
    if (out == bytes) {
      return new FaceImage(bytes, info, true);
    }
    return new FaceImage(out, ImageProbe.probe(out), true);
  }

  private boolean fits(ImageLimits limits) {
    return bytes.length <= limits.maxBytes()
        && Math.max(info.width(), info.height()) <= limits.maxLongSide()
        && Math.min(info.width(), info.height()) >= limits.minSide();
  }

  /**
   * Returns the encoding, recognised by magic bytes.
   *
   * @return the format
   */
  public ImageFormat format() {
    return info.format();
  }

  /**
   * Returns the width in pixels as stored, before any EXIF orientation is applied.
   *
   * @return the width
   */
  public int width() {
    return info.width();
  }

  /**
   * Returns the height in pixels as stored, before any EXIF orientation is applied.
   *
   * @return the height
   */
  public int height() {
    return info.height();
  }

  /**
   * Returns the encoded size in bytes.
   *
   * @return the size
   */
  public int size() {
    return bytes.length;
  }

  /**
   * Tells whether this image is the output of {@link #normalize(ImageLimits)}.
   *
   * @return {@code true} if normalised
   */
  public boolean isNormalized() {
    return normalized;
  }

  /**
   * Returns a copy of the encoded bytes.
   *
   * @return the bytes
   */
  public byte[] bytes() {
    return bytes.clone();
  }

  /**
   * Returns a read-only view of the encoded bytes, without copying them.
   *
   * @return the view
   */
  public ByteBuffer asByteBuffer() {
    return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }

  /**
   * Returns a new stream over the encoded bytes.
   *
   * @return the stream
   */
  public InputStream asInputStream() {
    return new java.io.ByteArrayInputStream(bytes);
  }

  /**
   * Returns the SHA-256 of the encoded bytes as lower-case hex; used for idempotency keys.
   *
   * @return the digest
   */
  public String sha256() {
    String digest = sha256;
    if (digest == null) {
      try {
        digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required by every Java platform", e);
      }
      sha256 = digest;
    }
    return digest;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FaceImage other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** Returns {@code FaceImage[format=JPEG, size=48213, 640x480]}, never content. */
  @Override
  public String toString() {
    return "FaceImage[format=" + info.format() + ", size=" + bytes.length + ", " + info.width() + "x"
        + info.height() + "]";
  }
}
