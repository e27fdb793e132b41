package io.github.idvkit.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that loads the local engine leaves nothing in the temporary directory: neither ONNX
 * Runtime's extracted-library directory ({@code onnxruntime-java*}) nor its empty {@code
 * mat-debug-<pid>.log}. Runs a child JVM whose {@code java.io.tmpdir} and {@code TMPDIR} are a
 * fresh directory, so other processes' files cannot interfere, and lists it after the child exits.
 */
class TempFilesTest {

  @TempDir Path dir;

  /** The child JVM: loads the engine, uses it once, closes it. */
  public static void main(String[] args) {
    try (LocalFaceEngine engine = LocalFaceEngine.builder().build()) {
      System.out.println(engine.modelVersion());
    }
  }

  @Test
  void engine_leavesNothingInTheTemporaryDirectory() throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    ProcessBuilder child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xss16m", "-Djava.io.tmpdir=" + tmp,
        "-cp", System.getProperty("java.class.path"),
        TempFilesTest.class.getName());
    child.environment().put("TMPDIR", tmp.toString());
    child.redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());

    Process process = child.start();

    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(Files.readString(dir.resolve("out.txt"))).isZero();
    try (Stream<Path> left = Files.list(tmp)) {
      List<String> names = left.map(p -> p.getFileName().toString()).toList();
      assertThat(names).as("left in java.io.tmpdir / TMPDIR").isEmpty();
    }
  }
}
