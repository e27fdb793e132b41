package io.github.idvkit.local.internal;

import io.github.idvkit.ConfigurationException;
import io.github.idvkit.IdvException;
import io.github.idvkit.InvalidImageException;
import io.github.idvkit.ProviderException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Translates the local engine's and storage's failures into idv's exceptions, once.
 *
 * <p>The taxonomy, as on AWS: what only a person can fix is a {@link ConfigurationException} whose
 * message names the file and the fix (permission denied, a file where a directory belongs or a
 * missing one, a read-only file system, a damaged or foreign file such as "Not an idv journal", a
 * stored image that is no image); what may pass by itself (a full disk, an interrupted or failed
 * read or write, an engine failure) is a retryable {@link ProviderException}.
 */
public final class LocalFailures {

  /** The provider name reported in results, records and exceptions. */
  public static final String PROVIDER = "local";

  private LocalFailures() {}

  /**
   * Returns the exception for a failed ONNX Runtime call or file operation.
   *
   * @param operation what failed, for example {@code "DetectFaces"}
   * @param cause the failure
   * @return a {@link ConfigurationException} if only a person can fix the cause (see the class
   *     comment), otherwise a retryable provider exception (a full disk or a busy file may clear)
   */
  public static IdvException failed(String operation, Exception cause) {
    ConfigurationException setUp = setUpProblem(operation, cause);
    if (setUp != null) {
      return setUp;
    }
    return new ProviderException(
        ProviderException.Kind.UNAVAILABLE,
        PROVIDER,
        operation,
        null,
        cause.getClass().getSimpleName() + ": " + safeMessage(cause),
        cause);
  }

  /**
   * Returns the exception for a missing or unusable local set-up.
   *
   * @param message what is wrong and how to fix it
   * @param cause the failure, or {@code null}
   * @return the exception
   */
  public static ConfigurationException misconfigured(
      String message, @Nullable Throwable cause) {
    return new ConfigurationException(message, cause);
  }

  private static @Nullable ConfigurationException setUpProblem(String operation, Exception e) {
    String what = PROVIDER + " " + operation + " failed: ";
    if (e instanceof CorruptDataException) {
      return new ConfigurationException(what + safeMessage(e) + ". The data directory holds a file"
          + " idv-local did not write, or one that was damaged; restore the data directory from a"
          + " backup, or move it away and start a new one (then register the users again)", e);
    }
    if (e instanceof InvalidImageException) {
      return new ConfigurationException(what + "a stored image is damaged (" + safeMessage(e)
          + "); restore the images directory from a backup, or run 'idv reconcile' to find the"
          + " registrations it breaks", e);
    }
    if (e instanceof AccessDeniedException denied) {
      return new ConfigurationException(what + "permission denied on " + file(denied)
          + "; make the data directory readable and writable by the user running idv (or choose"
          + " another one)", e);
    }
    if (e instanceof NotDirectoryException || e instanceof FileAlreadyExistsException
        || e instanceof FileSystemLoopException) {
      return new ConfigurationException(what + file((FileSystemException) e) + " is not a usable"
          + " directory (" + e.getClass().getSimpleName() + "); point the data directory at a"
          + " directory idv-local may own", e);
    }
    if (e instanceof NoSuchFileException missing) {
      return new ConfigurationException(what + file(missing) + " does not exist (was the data"
          + " directory moved or deleted while in use?); check the data directory", e);
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null
        && fs.getReason().toLowerCase(Locale.ROOT).contains("read-only")) {
      return new ConfigurationException(what + file(fs) + " is on a read-only file system; put the"
          + " data directory on a writable one", e);
    }
    return null;
  }

  private static String file(FileSystemException e) {
    return e.getFile() == null ? "a file of the data directory" : e.getFile();
  }

  private static String safeMessage(Exception e) {
    String m = e.getMessage();
    return m == null ? "no message" : m;
  }
}
