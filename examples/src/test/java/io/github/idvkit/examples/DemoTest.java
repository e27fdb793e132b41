package io.github.idvkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.local.LocalFaceEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoTest {

  private static LocalFaceEngine engine;

  @BeforeAll
  static void loadEngine() {
    engine = LocalFaceEngine.builder().intraOpThreads(1).build();
  }

  @AfterAll
  static void closeEngine() {
    engine.close();
  }

  @Test
  void run_onTheLocalProvider_printsEveryDecisionOfTheTourAndLeavesNothingBehind() {
    Run run = Run.of(new Demo(), Run.sharing(engine));

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("idv demo on the local provider")
        .contains("selfies are DERIVED from her ID")
        .contains("-> REGISTERED, selfie vs ID photo ")
        .contains("-> VERIFIED, ")
        .contains("-> NOT_MATCHED, ")
        .contains("-> FACE_ALREADY_REGISTERED, the face belongs to eileen")
        .contains("-> IDENTIFIED eileen, ")
        .contains("-> NOT_RECOGNIZED, best match ")
        .contains("-> deleted 1 face, 1 image, 1 record")
        .contains("-> 0 faces, 0 images, 0 records; 0 files under images/")
        .satisfiesAnyOf(
            out -> assertThat(out).doesNotContain("still name"),
            out -> assertThat(out).contains("still name eileen in deleted entries"))
        .doesNotContain("Not as expected")
        .doesNotContain("@example.com");
    Matcher data = Pattern.compile("data: +(\\S+): index/, images/, records/ \\(temporary").matcher(run.out());
    assertThat(data.find()).as(run.out()).isTrue();
    assertThat(Path.of(data.group(1))).doesNotExist();
  }

  @Test
  void run_withMemory_runsTheTourOnSyntheticFaces() {
    Run run = Run.of(new Demo(), "--memory");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("in-memory provider")
        .contains("-> REGISTERED")
        .contains("-> VERIFIED")
        .contains("-> NOT_MATCHED")
        .contains("-> FACE_ALREADY_REGISTERED, the face belongs to alice")
        .contains("-> IDENTIFIED alice")
        .contains("-> NOT_RECOGNIZED")
        .contains("-> 0 faces, 0 images, 0 records")
        .doesNotContain("@example.com");
  }

  @Test
  void run_withADataDirectory_keepsTheDirectory(@org.junit.jupiter.api.io.TempDir Path dir) {
    Run run = Run.of(new Demo(), Run.sharing(engine), "--data-dir", dir.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("data:   " + dir.toAbsolutePath()).doesNotContain("temporary");
    assertThat(Files.isDirectory(dir.resolve("index"))).isTrue();
  }

  @Test
  void run_withIncompleteAwsResources_isAUsageErrorNamingWhatIsMissing() {
    Run run = Run.of(new Demo(), "--bucket", "my-idv-faces", "--region", "eu-west-1");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE.code());
    assertThat(run.err())
        .contains("the aws provider needs --collection (IDV_COLLECTION), --table (IDV_TABLE)")
        .doesNotContain("Exception");
  }

  @Test
  void run_withHelp_describesTheProviders() {
    Run run = Run.of(new Demo(), "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("--memory").contains("--collection").contains("--data-dir");
  }
}
