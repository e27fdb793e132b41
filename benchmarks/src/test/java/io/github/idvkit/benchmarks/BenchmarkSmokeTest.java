package io.github.idvkit.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Runs every section of the harness once with tiny sizes ({@code --quick}): it proves the harness
 * works end to end, it measures nothing. The real run is {@code java -jar benchmarks/target/benchmarks.jar}.
 */
class BenchmarkSmokeTest {

  @Test
  void run_quick_producesEverySection() throws Exception {
    String report = BenchmarkMain.run(Settings.parse("--quick"));

    assertThat(report)
        .contains("### Targets")
        .contains("### 1. Latency")
        .contains("### 2. Calls per flow")
        .contains("### 3. Login throughput")
        .contains("### 3b. Where the CPU goes")
        .contains("### 3c. Where the callers' CPU goes")
        .contains("cancel without interrupt")
        .contains("### 4. CPU cost of idv per flow")
        .contains("### 5a. Normalising a phone photo")
        .contains("### 5b. Registering the photo")
        .contains("### 6a. idv-local")
        .contains("### 6b. idv-local")
        .contains("### 6c. idv-local")
        .contains("| coreLogin |")
        .contains("| inMemoryLogin |")
        .doesNotContain("**not registered**");
  }
}
