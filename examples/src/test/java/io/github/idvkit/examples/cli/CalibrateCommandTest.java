package io.github.idvkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.examples.Run;
import io.github.idvkit.examples.SamplePhotos;
import io.github.idvkit.local.LocalIdentityVerifier;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code idv calibrate} on the sample photos: a folder per person. */
class CalibrateCommandTest {

  @TempDir Path dir;
  private Path set;

  @BeforeEach
  void writeSet() throws Exception {
    Path photos = dir.resolve("photos");
    SamplePhotos.writeTo(photos);
    set = dir.resolve("set");
    for (String person : new String[] {"eileen", "grace", "mona"}) {
      Files.createDirectories(set.resolve(person));
    }
    try (var files = Files.list(photos)) {
      for (Path p : files.toList()) {
        String name = p.getFileName().toString();
        String person = name.startsWith("eileen") ? "eileen" : name.startsWith("grace") ? "grace" : name.startsWith("mona") ? "mona" : null;
        if (person != null) {
          Files.copy(p, set.resolve(person).resolve(name));
        }
      }
    }
  }

  @Test
  void calibrate_local_printsTheReport_andWritesChartAndPolicy() throws Exception {
    Path chart = dir.resolve("chart.png");
    Path policy = dir.resolve("policy.properties");

    Run run = Run.of(new Idv(), "calibrate", set.toString(), "--chart", chart.toString(), "--policy", policy.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("3 people, 7 photos", "equal-error rate", "NOT shown", "policy: login/ID match");
    assertThat(chart).exists();
    Properties props = new Properties();
    try (Reader r = Files.newBufferedReader(policy)) {
      props.load(r);
    }
    VerificationPolicy loaded = VerificationPolicy.fromProperties(props, LocalIdentityVerifier.calibratedPolicy());
    assertThat(loaded.scale()).isEqualTo(LocalIdentityVerifier.calibratedPolicy().scale());
  }

  @Test
  void calibrate_enrolledUsers_setsTheDuplicateSearchSize_andDefaultsToAThousand() throws Exception {
    Path chart = dir.resolve("chart.png");
    Path policy = dir.resolve("policy.properties");

    Run byDefault = Run.of(new Idv(), "calibrate", set.toString(), "--chart", chart.toString(), "--policy", policy.toString());
    Run many = Run.of(new Idv(), "calibrate", set.toString(), "--enrolled-users", "50000",
        "--chart", chart.toString(), "--policy", policy.toString());

    assertThat(byDefault.exitCode()).as(byDefault.err()).isZero();
    assertThat(byDefault.out()).contains("duplicate search over 1000 enrolled users", "per pair - NOT shown");
    assertThat(many.exitCode()).as(many.err()).isZero();
    // 1e-2 per registration over 50,000 users is 2e-7 per pair: 7 photos cannot show that
    assertThat(many.out()).contains("duplicate search over 50000 enrolled users", "2.0e-07 per pair - NOT shown");
  }

  @Test
  void calibrate_enrolledUsersBelowOne_isAUsageError() {
    Run run = Run.of(new Idv(), "calibrate", set.toString(), "--enrolled-users", "0");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--enrolled-users must be at least 1");
  }

  @Test
  void calibrate_help_documentsEnrolledUsers() {
    Run run = Run.of(new Idv(), "calibrate", "--help");

    assertThat(run.out()).contains("--enrolled-users", "per registration", "Default: 1000");
  }

  @Test
  void calibrate_aws_withoutACap_printsTheCallCount_andCallsNothing() {
    Run run = Run.of(new Idv(), "calibrate", set.toString(), "--with", "aws");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("21 calls", "--max-calls 21");
  }
}
