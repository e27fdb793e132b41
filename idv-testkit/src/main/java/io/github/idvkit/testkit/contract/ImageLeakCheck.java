package io.github.idvkit.testkit.contract;

import io.github.idvkit.FaceImage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Captures what a test writes to {@code System.out} and {@code System.err} (where SLF4J Simple and
 * console appenders log) and fails the test if it holds a test image's bytes in base64 or hex. The
 * output still reaches the console.
 */
final class ImageLeakCheck implements BeforeEachCallback, AfterEachCallback {

  private final Supplier<List<FaceImage>> images;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream originalOut = System.out;
  private PrintStream originalErr = System.err;

  ImageLeakCheck(Supplier<List<FaceImage>> images) {
    this.images = images;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    captured.reset();
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(tee(originalOut));
    System.setErr(tee(originalErr));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    System.out.flush();
    System.err.flush();
    System.setOut(originalOut);
    System.setErr(originalErr);
    String output;
    synchronized (captured) {
      output = captured.toString(StandardCharsets.UTF_8);
    }
    if (output.isEmpty()) {
      return;
    }
    List<FaceImage> checked = images.get();
    for (int i = 0; i < checked.size(); i++) {
      for (String fingerprint : fingerprints(checked.get(i).bytes())) {
        if (output.contains(fingerprint)) {
          throw new AssertionError(
              "The output of " + context.getDisplayName() + " holds the bytes of test image " + i
                  + " (" + checked.get(i) + "); image bytes, base64 and hex must never be logged");
        }
      }
    }
  }

  /** Base64 (both alphabets) of the start and of every alignment of the middle, hex of the middle. */
  static List<String> fingerprints(byte[] bytes) {
    List<String> out = new ArrayList<>();
    int window = Math.min(30, bytes.length / 2);
    if (window < 6) {
      return out;
    }
    addBase64(out, Arrays.copyOfRange(bytes, 0, window));
    int middle = bytes.length / 2;
    for (int shift = 0; shift < 3 && middle + shift + window <= bytes.length; shift++) {
      addBase64(out, Arrays.copyOfRange(bytes, middle + shift, middle + shift + window));
    }
    byte[] hex = Arrays.copyOfRange(bytes, middle, middle + Math.min(16, window));
    out.add(HexFormat.of().formatHex(hex));
    out.add(HexFormat.of().withUpperCase().formatHex(hex));
    return out;
  }

  private static void addBase64(List<String> out, byte[] window) {
    // Drop the last, padding-dependent characters: what remains appears in any longer encoding.
    String standard = Base64.getEncoder().withoutPadding().encodeToString(window);
    String trimmed = standard.substring(0, (window.length / 3) * 4);
    out.add(trimmed);
    out.add(trimmed.replace('+', '-').replace('/', '_'));
  }

  private PrintStream tee(PrintStream original) {
    OutputStream both =
        new OutputStream() {
          @Override
          public void write(int b) {
            original.write(b);
            synchronized (captured) {
              captured.write(b);
            }
          }

          @Override
          public void write(byte[] b, int off, int len) {
            original.write(b, off, len);
            synchronized (captured) {
              captured.write(b, off, len);
            }
          }

          @Override
          public void flush() {
            original.flush();
          }
        };
    return new PrintStream(both, true, StandardCharsets.UTF_8);
  }
}
