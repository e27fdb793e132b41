package io.github.idvkit.benchmarks;

import static io.github.idvkit.benchmarks.Report.f;

import java.util.Collection;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Issue item 4: runs {@link FlowOverheadBenchmark} with JMH and the GC profiler. */
final class JmhSection {

  private final Settings settings;
  private final Report report;

  JmhSection(Settings settings, Report report) {
    this.settings = settings;
    this.report = report;
  }

  void run() throws RunnerException {
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .addProfiler(GCProfiler.class)
            .shouldFailOnError(true)
            .verbosity(VerboseMode.SILENT)
            .threads(1);
    String all = FlowOverheadBenchmark.class.getName() + "\\.";
    if (settings.quick()) {
      // In-process, one short iteration: proves the harness, measures nothing. JMH's machine-wide
      // lock (/tmp/jmh.lock) keeps real runs from distorting each other; a smoke run measures
      // nothing, so it must not fail because another build on the machine runs JMH.
      System.setProperty("jmh.ignoreLock", "true");
      options.include(all + "(coreLogin|inMemoryLogin)$")
          .forks(0).warmupIterations(0).measurementIterations(1).measurementTime(TimeValue.milliseconds(100));
    } else {
      options.include(all).forks(1).jvmArgs("-Xms1g", "-Xmx1g").warmupIterations(2).warmupTime(TimeValue.seconds(1))
          .measurementIterations(4).measurementTime(TimeValue.seconds(1));
    }
    Collection<RunResult> results = new Runner(options.build()).run();
    Report.Table table =
        new Report.Table("4. CPU cost of idv per flow (JMH, average time, 1 thread; allocation from -prof gc)",
            "benchmark", "µs/op", "± (99.9%)", "allocated KB/op");
    for (RunResult result : results) {
      String name = result.getParams().getBenchmark();
      name = name.substring(name.lastIndexOf('.') + 1);
      Result<?> primary = result.getPrimaryResult();
      double alloc = Double.NaN;
      for (String key : result.getSecondaryResults().keySet()) {
        if (key.endsWith("gc.alloc.rate.norm")) {
          alloc = result.getSecondaryResults().get(key).getScore();
        }
      }
      table.row(name, f("%.1f", primary.getScore()),
          Double.isNaN(primary.getScoreError()) ? "n/a" : f("%.1f", primary.getScoreError()),
          f("%.1f", alloc / 1024));
    }
    table.note(settings.quick()
        ? "Smoke run: one 100 ms iteration in-process; not a measurement."
        : "1 fork (-Xmx1g), 2 × 1 s warm-up, 4 × 1 s measurement per benchmark. See FlowOverheadBenchmark for what each"
            + " measures: core* = idv alone on ports that do no work; inMemory* = with the testkit fakes. The time error"
            + " bars are wide when other processes load the machine; the allocation figures are exact and stable.");
    report.add(table);
  }
}
