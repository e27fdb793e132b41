package io.github.idvkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.examples.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged tool, {@code target/idv.jar}, as a user would (after {@code package}, so
 * Failsafe runs it): it starts with one command, finds its models and its HTTP client in the one
 * jar, and reports errors without a stack trace.
 */
class IdvJarIT {

  private record Result(int exitCode, String out, String err) {}

  @TempDir Path dir;

  private Result idv(String... args) throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("idv.jar", "target/idv.jar"));
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
    command.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process process = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("idv %s finished", List.of(args)).isTrue();
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void jar_registersAndLogsInOffline() throws Exception {
    assertThat(idv("--version").out()).startsWith("idv 0.1.0");
    assertThat(idv("samples", "photos").exitCode()).isZero();

    Result register = idv("register", "alice@example.com", "photos/eileen-selfie.jpg", "--id-photo", "photos/eileen-id.png");
    assertThat(register.exitCode()).as(register.toString()).isZero();
    assertThat(register.out()).startsWith("REGISTERED alice@example.com");
    assertThat(dir.resolve("idv-data/index/faces")).isDirectory();

    Result login = idv("login", "alice@example.com", "photos/eileen-login.jpg");
    assertThat(login.exitCode()).as(login.toString()).isZero();
    assertThat(login.out()).startsWith("VERIFIED");
  }

  @Test
  void jar_withAMissingPhoto_exitsWithThreeAndNoStackTrace() throws Exception {
    Result result = idv("login", "alice@example.com", "missing.jpg");

    assertThat(result.exitCode()).isEqualTo(ExitCode.BAD_INPUT.code());
    assertThat(result.err()).isEqualTo("idv login: no such file: missing.jpg (the selfie)" + System.lineSeparator());
  }

  @Test
  void jar_onAws_withoutResources_isAUsageError() throws Exception {
    Result result = idv("provision", "--provider", "aws");

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE.code());
    assertThat(result.err()).contains("the aws provider needs --collection (IDV_COLLECTION)");
  }
}
