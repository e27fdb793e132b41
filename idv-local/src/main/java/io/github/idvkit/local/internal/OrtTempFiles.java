package io.github.idvkit.local.internal;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what loading ONNX Runtime leaves in the temporary directory, once per JVM. Not API.
 *
 * <ul>
 *   <li>ORT's Java loader extracts its native libraries into {@code java.io.tmpdir/onnxruntime-java*}
 *       and asks for them to be deleted on exit, registering the directory last; deletions on exit
 *       run in reverse order, so the directory is deleted while still full and stays behind, empty.
 *       Its location is only in the loader's private {@code tempDirectory} field; once the
 *       libraries are loaded (mapped) their files are no longer needed on Linux and macOS, so this
 *       deletes them and the directory at once. Where that fails (a locked file on Windows), ORT's
 *       own clean-up on exit stays as it was.
 *   <li>The native library creates an empty {@code mat-debug-<pid>.log} (its telemetry logger's
 *       debug file) in {@code $TMPDIR}, or {@code /tmp}, when it loads; no system property or API
 *       of ORT 1.29 turns it off, and {@code OrtEnvironment.setTelemetry(false)} comes too late.
 *       This deletes that file if it is still empty.
 *   <li>The same logger writes a session file, {@code .ses} (a time stamp and a random session
 *       id), into that directory. It is shared by every process that loads ORT, so this deletes it
 *       only if it did not exist before this JVM first loaded ORT ({@link #beforeLoad()}).
 * </ul>
 *
 * <p>Nothing here is needed for correctness; every failure is logged at DEBUG and ignored.
 */
public final class OrtTempFiles {

  private static final Logger LOG = LoggerFactory.getLogger(OrtTempFiles.class);
  private static boolean tidied;
  private static boolean sessionFileExisted = true;
  private static boolean looked;

  private OrtTempFiles() {}

  /** Notes what the temporary directory holds before ONNX Runtime first loads in this JVM. */
  public static synchronized void beforeLoad() {
    if (looked) {
      return;
    }
    looked = true;
    sessionFileExisted = Files.exists(nativeTemporaryDirectory().resolve(".ses"));
  }

  /** Tidies up after ONNX Runtime has loaded; later calls do nothing. */
  public static synchronized void tidy() {
    if (tidied) {
      return;
    }
    tidied = true;
    deleteExtractedLibraries();
    deleteEmptyTelemetryLog();
    if (!sessionFileExisted) {
      try {
        Files.deleteIfExists(nativeTemporaryDirectory().resolve(".ses"));
      } catch (IOException | RuntimeException e) {
        LOG.debug("Could not delete ONNX Runtime's session file [error={}]", e.toString());
      }
    }
  }

  /** Where the native library writes: {@code $TMPDIR}, or {@code /tmp}. */
  private static Path nativeTemporaryDirectory() {
    String tmp = System.getenv("TMPDIR");
    return Path.of(tmp == null || tmp.isBlank() ? "/tmp" : tmp);
  }

  private static void deleteExtractedLibraries() {
    try {
      Class<?> loader = Class.forName("ai.onnxruntime.OnnxRuntime");
      Field field = loader.getDeclaredField("tempDirectory");
      field.setAccessible(true);
      if (!(field.get(null) instanceof Path directory) || !Files.isDirectory(directory)) {
        return;
      }
      try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
        for (Path file : files) {
          Files.deleteIfExists(file);
        }
      }
      Files.deleteIfExists(directory);
    } catch (ReflectiveOperationException | IOException | RuntimeException e) {
      LOG.debug("Could not delete ONNX Runtime's extracted libraries [error={}]", e.toString());
    }
  }

  private static void deleteEmptyTelemetryLog() {
    Path log = nativeTemporaryDirectory().resolve("mat-debug-" + ProcessHandle.current().pid() + ".log");
    try {
      if (Files.isRegularFile(log) && Files.size(log) == 0) {
        Files.delete(log);
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("Could not delete ONNX Runtime's empty telemetry log [error={}]", e.toString());
    }
  }
}
