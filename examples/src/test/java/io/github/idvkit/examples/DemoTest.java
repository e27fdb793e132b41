package io.github.idvkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DemoTest {

  @Test
  void run_printsEveryDecisionOfTheTour() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    new Demo(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();

    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out)
        .contains("-> REGISTERED")
        .contains("-> VERIFIED")
        .contains("-> NOT_MATCHED")
        .contains("-> ALREADY_REGISTERED")
        .contains("-> IDENTIFIED")
        .contains("-> NO_FACE")
        .contains("deleted 1 face(s), 1 image(s), 1 record(s)")
        .contains("left behind: 0 face(s), 0 image(s), 0 record(s)")
        .doesNotContain("alice@example.com");
  }
}
