package io.github.idvkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
      List<String> lines = Files.readAllLines(source);
      for (String snippet : snippets(lines)) {
        String withImports = String.join("\n", importsUsedBy(snippet, lines)) + "\n\n" + snippet;
        assertThat(readme)
            .as("README.md holds the snippet of %s, after the imports it uses:%n%s", source, withImports)
            .contains(withImports);
        snippets++;
      }
    }
    assertThat(snippets).isEqualTo(3);
  }

  @Test
  void dependencyBlocks_inEveryReadme_nameRealModulesAndTheProjectVersion() throws IOException {
    String version = projectVersion();
    List<Path> readmes = List.of(ROOT.resolve("README.md"), ROOT.resolve("idv-aws/README.md"),
        ROOT.resolve("idv-local/README.md"), ROOT.resolve("idv-testkit/README.md"));

    int blocks = 0;
    for (Path readme : readmes) {
      for (String xml : blocks(Files.readString(readme), "xml")) {
        assertThat(xml).as("%s: %s", readme, xml).doesNotContain("${");
        Matcher versions = Pattern.compile("<version>([^<]*)</version>").matcher(xml);
        while (versions.find()) {
          assertThat(versions.group(1)).as("a version in %s", readme).isEqualTo(version);
        }
        Matcher artifacts = Pattern.compile("<artifactId>([^<]*)</artifactId>").matcher(xml);
        while (artifacts.find()) {
          assertThat(ROOT.resolve(artifacts.group(1)).resolve("pom.xml"))
              .as("%s names module %s", readme, artifacts.group(1)).isRegularFile();
        }
        blocks++;
      }
    }
    assertThat(blocks).isEqualTo(4);
    String root = Files.readString(ROOT.resolve("README.md"));
    assertThat(root.indexOf("<artifactId>idv-bom</artifactId>"))
        .as("the root README opens its Java section with the BOM")
        .isPositive()
        .isLessThan(root.indexOf("```java"));
  }

  @Test
  void bom_managesOnlyIdvsPublishedModules_andHasNoParent() throws IOException {
    String bom = Files.readString(ROOT.resolve("idv-bom/pom.xml"));
    String rootPom = Files.readString(ROOT.resolve("pom.xml"));

    assertThat(bom).doesNotContain("<parent>").contains("<version>" + projectVersion() + "</version>");
    assertThat(rootPom).contains("<module>idv-bom</module>");
    String managedSection = bom.substring(
        bom.indexOf("<dependencyManagement>"), bom.indexOf("</dependencyManagement>"));
    Matcher groups = Pattern.compile("<groupId>([^<]*)</groupId>").matcher(managedSection);
    while (groups.find()) {
      assertThat(groups.group(1)).isEqualTo("io.github.idvkit");
    }
    List<String> managed = new ArrayList<>();
    Matcher artifacts = Pattern.compile("<artifactId>([^<]*)</artifactId>").matcher(managedSection);
    while (artifacts.find()) {
      managed.add(artifacts.group(1));
    }
    assertThat(managed).containsExactlyInAnyOrder("idv-core", "idv-aws", "idv-local", "idv-testkit");
  }

  private static String projectVersion() throws IOException {
    Matcher version = Pattern.compile("<artifactId>idv-parent</artifactId>\\s*<version>([^<]*)</version>")
        .matcher(Files.readString(ROOT.resolve("pom.xml")));
    assertThat(version.find()).isTrue();
    return version.group(1);
  }

  /** The fenced code blocks of one language. */
  static List<String> blocks(String markdown, String language) {
    List<String> found = new ArrayList<>();
    Matcher m = Pattern.compile("(?ms)^```" + language + "\\n(.*?)^```$").matcher(markdown);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  /** The import lines of a source file whose simple name the snippet uses. */
  static List<String> importsUsedBy(String snippet, List<String> sourceLines) {
    return sourceLines.stream()
        .filter(line -> line.startsWith("import "))
        .filter(line -> {
          String name = line.substring(0, line.length() - 1).substring(line.lastIndexOf('.') + 1);
          return Pattern.compile("\\b" + Pattern.quote(name) + "\\b").matcher(snippet).find();
        })
        .toList();
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
