package io.github.idvkit.local;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.idvkit.local.internal.ModelFile;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;

/**
 * The demo photos {@code sample1.jpg} … {@code sample6.jpg} of the npm package
 * {@code @vladmandic/face-api} 1.7.15: group photos of private people, so they are never committed.
 * They are fetched once per build with {@code npm pack --prefer-offline} into {@code
 * target/face-api-samples} and checked against their SHA-256: from npm's own cache when it holds
 * the pinned version (a fresh clone then needs no registry round trip), from the registry otherwise.
 *
 * <p>Without npm the tests that need them are skipped with a message, except on CI ({@code
 * CI=true}), where they fail: CI has npm, and these are the only same-person photos we have.
 */
public final class FaceApiSamples {

  /** The package the photos come from. */
  public static final String PACKAGE = "@vladmandic/face-api@1.7.15";

  private static final Map<String, String> SHA256 =
      Map.of(
          "sample1.jpg", "8ecae4b267b2d3169e06e00c7dee97097aa2a94635d45216f7732a5f4943cb51",
          "sample2.jpg", "7d2b60ae6f13bf30f422e04df87451081a02c83de469056f25afb44b7000c691",
          "sample3.jpg", "8eb081c9efb14370fa94d9feab9e5fbeafd19a627491853a80c2bf67f7ffa936",
          "sample4.jpg", "729efa5923061d40eb4ed5f267a18cc7b8ba6f852bb2757b16d8b7e4937476fc",
          "sample5.jpg", "6d45095ebb182d8f975c0790e0e4eefd86fbb40609cf4b271776d92e12662938",
          "sample6.jpg", "9baad80f9d5e306fb9b8c0913d44445f1e95848df317530efb03d0934c57ba87");

  private static Path directory;

  private FaceApiSamples() {}

  /**
   * Returns the bytes of {@code sample<n>.jpg}, fetching the package first if needed; skips the
   * calling test (or fails it on CI) if that is impossible.
   *
   * @param n 1 to 6
   * @return the JPEG bytes
   */
  public static byte[] sample(int n) {
    String name = "sample" + n + ".jpg";
    if (!SHA256.containsKey(name)) {
      throw new IllegalArgumentException("There are samples 1 to 6, not " + n);
    }
    try {
      return Files.readAllBytes(directory().resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static synchronized Path directory() {
    if (directory != null) {
      return directory;
    }
    Path dir =
        Path.of(System.getProperty("idv.local.samples.dir", "target/face-api-samples"))
            .toAbsolutePath();
    try {
      Files.createDirectories(dir);
      if (!allPresent(dir)) {
        fetch(dir);
      }
      if (!allPresent(dir)) {
        unavailable("the package did not contain the expected demo photos");
      }
    } catch (IOException e) {
      unavailable(e.getMessage());
    }
    directory = dir;
    return dir;
  }

  private static boolean allPresent(Path dir) throws IOException {
    for (Map.Entry<String, String> e : SHA256.entrySet()) {
      Path file = dir.resolve(e.getKey());
      if (!Files.isRegularFile(file) || !ModelFile.sha256(Files.readAllBytes(file)).equals(e.getValue())) {
        return false;
      }
    }
    return true;
  }

  private static void fetch(Path dir) throws IOException {
    Process npm;
    try {
      npm =
          new ProcessBuilder(
                  "npm", "pack", "--silent", "--prefer-offline", "--pack-destination", dir.toString(), PACKAGE)
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      unavailable("npm could not be started (" + e.getMessage() + ")");
      return;
    }
    String output;
    try (InputStream out = npm.getInputStream()) {
      output = new String(out.readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!npm.waitFor(300, TimeUnit.SECONDS)) {
        npm.destroyForcibly();
        unavailable("npm pack timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      npm.destroyForcibly();
      unavailable("interrupted");
      return;
    }
    if (npm.exitValue() != 0) {
      unavailable("npm pack exited with " + npm.exitValue() + ": " + output);
    }
    Path tarball = dir.resolve("vladmandic-face-api-1.7.15.tgz");
    if (!Files.isRegularFile(tarball)) {
      unavailable("npm pack did not write " + tarball.getFileName());
    }
    extractDemoPhotos(tarball, dir);
    Files.delete(tarball);
  }

  /** Extracts {@code package/demo/sample*.jpg} from a .tgz, with a minimal ustar reader. */
  private static void extractDemoPhotos(Path tarball, Path dir) throws IOException {
    try (InputStream in =
        new BufferedInputStream(new GZIPInputStream(Files.newInputStream(tarball), 1 << 16))) {
      byte[] header = new byte[512];
      while (in.readNBytes(header, 0, 512) == 512) {
        String name = field(header, 0, 100);
        if (name.isEmpty()) {
          break;
        }
        String prefix = field(header, 345, 155);
        if (!prefix.isEmpty()) {
          name = prefix + "/" + name;
        }
        long size = Long.parseLong(field(header, 124, 12).trim(), 8);
        byte[] data = in.readNBytes((int) size);
        long padding = (512 - size % 512) % 512;
        in.readNBytes((int) padding);
        String base = name.substring(name.lastIndexOf('/') + 1);
        if (name.startsWith("package/demo/") && SHA256.containsKey(base)) {
          Files.write(dir.resolve(base), data);
        }
      }
    }
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
  }

  private static void unavailable(String why) {
    String message =
        "The face-api demo photos (npm " + PACKAGE + ") are unavailable: " + why
            + ". They are fetched at test time with 'npm pack' and never committed.";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message + " CI must be able to run npm pack.");
    }
    Assumptions.abort(message);
  }
}
