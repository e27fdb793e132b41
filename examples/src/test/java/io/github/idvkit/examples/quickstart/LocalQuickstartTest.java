package io.github.idvkit.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.examples.SamplePhotos;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalQuickstartTest {

  @Test
  void run_withTheSamplePhotos_registersLogsInAndForgets(@TempDir Path dir) {
    Path photos = dir.resolve("photos");
    SamplePhotos.writeTo(photos);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream original = System.out;

    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      LocalQuickstart.run(dir.resolve("data"), photos.resolve("eileen-selfie.jpg"),
          photos.resolve("eileen-id.png"), photos.resolve("eileen-login.jpg"));
    } finally {
      System.setOut(original);
    }

    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("welcome, face lf-")
        .contains("VERIFIED ")
        .contains("forgotten: 1 face(s)");
  }
}
