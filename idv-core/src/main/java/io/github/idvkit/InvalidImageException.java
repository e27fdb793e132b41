package io.github.idvkit;

/**
 * An image was rejected before any provider saw it, or a provider rejected it as an image. Not
 * retryable: the same bytes fail again. {@link #reason()} says what to fix.
 */
public final class InvalidImageException extends IdvException {

  private static final long serialVersionUID = 1L;

  /** Why an image was rejected. */
  public enum Reason {
    /** The input holds no bytes. */
    EMPTY,
    /** Neither JPEG nor PNG, going by the magic bytes. */
    UNSUPPORTED_FORMAT,
    /** The header or data is cut short or inconsistent. */
    CORRUPT,
    /** The encoded size exceeds the limit. */
    TOO_MANY_BYTES,
    /** The declared width times height exceeds the pixel limit (a decompression bomb guard). */
    TOO_MANY_PIXELS,
    /** A side is shorter than the provider's minimum. */
    TOO_SMALL,
    /** The file could not be read. */
    UNREADABLE
  }

  private final Reason reason;

  /**
   * Creates the exception.
   *
   * @param reason why the image was rejected
   * @param message what a user can do about it; never image content
   */
  public InvalidImageException(Reason reason, String message) {
    this(reason, message, null);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param reason why the image was rejected
   * @param message what a user can do about it; never image content
   * @param cause the underlying error, or {@code null}
   */
  public InvalidImageException(Reason reason, String message, @org.jspecify.annotations.Nullable Throwable cause) {
    super(message, cause);
    this.reason = java.util.Objects.requireNonNull(reason, "reason");
  }

  /**
   * Returns why the image was rejected.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }

  /** Always {@code false}: the same image is rejected again. */
  @Override
  public boolean retryable() {
    return false;
  }
}
