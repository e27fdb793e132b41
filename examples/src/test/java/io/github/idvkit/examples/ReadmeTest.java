package io.github.idvkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Keeps the README honest: its snippets are the examples' code, and its commands exist. */
class ReadmeTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void readme_containsEveryTaggedSnippetOfTheExamples() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    List<Path> sources;
    try (Stream<Path> files = Files.walk(Path.of("src"))) {
      sources = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }

    int snippets = 0;
    for (Path source : sources) {
      for (String snippet : snippets(Files.readAllLines(source))) {
        assertThat(readme).as("README.md holds the snippet of %s:%n%s", source, snippet).contains(snippet);
        snippets++;
      }
    }
    assertThat(snippets).isEqualTo(3);
  }

  @Test
  void readme_startsWithTheDemoCommandThenTheTestCommand() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));

    int demo = readme.indexOf("./mvnw -q -pl examples -am package exec:java -Dmaven.test.skip -Dmaven.javadoc.skip -Dmaven.source.skip");
    int verify = readme.indexOf("./mvnw verify");
    assertThat(demo).isPositive();
    assertThat(verify).isGreaterThan(demo);
    assertThat(readme).contains("idv-aws/README.md");
    assertThat(ROOT.resolve("idv")).isExecutable();
  }

  /** The lines between "// tag::NAME[]" and "// end::NAME[]", without their common indentation. */
  static List<String> snippets(List<String> lines) {
    List<String> found = new ArrayList<>();
    List<String> current = null;
    for (String line : lines) {
      String trimmed = line.trim();
      if (trimmed.startsWith("// tag::")) {
        current = new ArrayList<>();
      } else if (trimmed.startsWith("// end::") && current != null) {
        int indent = current.stream().filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        found.add(current.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.joining("\n")));
        current = null;
      } else if (current != null) {
        current.add(line);
      }
    }
    return found;
  }
}
