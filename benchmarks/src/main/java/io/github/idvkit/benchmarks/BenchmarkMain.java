package io.github.idvkit.benchmarks;

import io.github.idvkit.aws.LocalAwsServers;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs idv's benchmarks side by side with the AWS tutorial's flow and prints one report (markdown).
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am package -DskipTests &amp;&amp; java -jar benchmarks/target/benchmarks.jar
 * </pre>
 *
 * <p>Sections: 1-2 latency and calls per flow, 3 login throughput and CPU, 5 phone photos, then
 * (with the AWS servers stopped) 4 JMH overhead and 6 idv-local. Options: see {@link Settings}. The
 * report is also written to {@code benchmark-report.md} beside the jar.
 */
public final class BenchmarkMain {

  /** The contenders of the throughput section: the baseline, idv's defaults, and standard(). */
  private static final List<String> THROUGHPUT =
      List.of("tutorial (Java port)", "idv CONCURRENT", "idv CONCURRENT, standard()");

  private BenchmarkMain() {}

  /**
   * Runs the benchmarks.
   *
   * @param args options, see {@link Settings}
   * @throws Exception if a benchmark fails
   */
  public static void main(String[] args) throws Exception {
    String markdown = run(Settings.parse(args));
    System.out.println();
    System.out.println(markdown);
    jarDirectory().ifPresent(dir -> {
      try {
        Files.writeString(dir.resolve("benchmark-report.md"), markdown);
        System.out.println("Report written to " + dir.resolve("benchmark-report.md"));
      } catch (IOException e) {
        System.err.println("Could not write the report: " + e);
      }
    });
  }

  /**
   * Runs the sections the settings name and returns the report.
   *
   * @param settings what to run
   * @return the report, markdown
   * @throws Exception if a benchmark fails
   */
  static String run(Settings settings) throws Exception {
    // The Rekognition endpoint runs on the JDK's HttpServer, which leaves Nagle's algorithm on by
    // default: headers and body then leave in separate packets and each call waits out the
    // client's delayed ACK, about 40 ms on loopback, which would swamp what is measured. Read when
    // the HttpServer classes load, so it must be set before the endpoint starts.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    long start = System.nanoTime();
    String loadBefore = CpuMeter.loadAverage();
    Report report = new Report();
    if (settings.runs("latency") || settings.runs("throughput") || settings.runs("images")) {
      locateDynalite();
      progress("starting s3proxy, dynalite and the Rekognition endpoint");
      try (AwsRig rig = new AwsRig(settings)) {
        List<LatencySection.Prepared> prepared = List.of();
        if (settings.runs("latency") || settings.runs("throughput")) {
          progress("1-2. latency and calls per flow");
          prepared = new LatencySection(settings, rig, report).run();
        }
        if (settings.runs("images")) {
          progress("5. phone photos");
          new ImageSection(settings, rig, report).run();
        }
        if (settings.runs("throughput")) {
          progress("3. login throughput");
          List<LatencySection.Prepared> loads = new ArrayList<>();
          for (String name : THROUGHPUT) {
            prepared.stream().filter(p -> p.contender().name().equals(name)).forEach(loads::add);
          }
          // The fastest idv also with the proposed fix to Step.cancel() (see NonInterruptingExecutor),
          // run before it: once a cancelled call has wedged the local servers, whatever runs next suffers.
          LatencySection.Prepared fastest = loads.get(loads.size() - 1);
          AwsRig.IdvContender fixed = ((AwsRig.IdvContender) fastest.contender()).withoutInterrupts();
          loads.add(loads.size() - 1, fastest.with(fixed));
          new ThroughputSection(settings, rig, report).run(loads);
          fixed.close();
        }
        prepared.forEach(p -> p.contender().close());
      }
    }
    if (settings.runs("jmh")) {
      progress("4. JMH: idv's CPU cost per flow");
      new JmhSection(settings, report).run();
    }
    if (settings.runs("local")) {
      progress("6. idv-local");
      new LocalSection(settings, report).run();
    }
    Duration wall = Duration.ofNanos(System.nanoTime() - start);
    return report.render(header(settings, wall, loadBefore));
  }

  private static String header(Settings settings, Duration wall, String loadBefore) {
    Runtime runtime = Runtime.getRuntime();
    return String.format(Locale.ROOT,
        "## idv benchmark run, %s%n%n"
            + "- Machine: %d CPUs (nproc), %s, %.1f GiB RAM, %s %s%n"
            + "- JDK: %s %s (%s), max heap %d MiB%n"
            + "- Load average (1/5/15 min): %s at start, %s at end%n"
            + "- Wall time: %d min %02d s%s%n"
            + "- Injected latency per call: Rekognition %d ms, S3 %d ms, DynamoDB %d ms%n",
        Instant.now().toString().substring(0, 16).replace('T', ' ') + " UTC",
        runtime.availableProcessors(), cpuModel(), totalMemoryGiB(), System.getProperty("os.name"),
        System.getProperty("os.version"), System.getProperty("java.vm.name"), System.getProperty("java.version"),
        System.getProperty("java.vendor"), runtime.maxMemory() >> 20, loadBefore, CpuMeter.loadAverage(),
        wall.toMinutes(), wall.toSecondsPart(), settings.quick() ? " (--quick smoke run: numbers mean nothing)" : "",
        settings.rekognitionLatency().toMillis(), settings.s3Latency().toMillis(), settings.dynamoDbLatency().toMillis());
  }

  private static void progress(String what) {
    System.out.printf(Locale.ROOT, "[%s] %s (load %s)%n", Instant.now().toString().substring(11, 19), what,
        CpuMeter.loadAverage());
  }

  /**
   * Points {@code idv.dynalite.cli} at {@code test-servers/node_modules/dynalite/cli.js} of the
   * repository, found from the working directory or the jar; dynalite's log goes to {@code
   * target/} of the working directory when it is the repository root.
   */
  private static void locateDynalite() throws IOException {
    String property = LocalAwsServers.dynaliteCliProperty();
    if (System.getProperty(property) == null) {
      Path relative = Path.of("test-servers", "node_modules", "dynalite", "cli.js");
      Optional<Path> found = Optional.of(Path.of("").toAbsolutePath())
          .map(cwd -> cwd.resolve(relative)).filter(Files::isRegularFile)
          .or(() -> jarDirectory().map(dir -> dir.resolve("../..").resolve(relative).normalize())
              .filter(Files::isRegularFile));
      if (found.isEmpty()) {
        throw new IllegalStateException("dynalite not found; install it with: npm ci --prefix test-servers"
            + " (or pass -D" + property + "=/path/to/dynalite/cli.js)");
      }
      System.setProperty(property, found.get().toString());
    }
    if (new File("pom.xml").isFile() && !new File("target").exists()) {
      Files.createDirectories(Path.of("target"));
    }
  }

  private static Optional<Path> jarDirectory() {
    try {
      Path location = Path.of(BenchmarkMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isRegularFile(location) ? Optional.of(location.getParent()) : Optional.empty();
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(line -> line.startsWith("model name"))
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst().orElse(System.getProperty("os.arch"));
    } catch (IOException e) {
      return System.getProperty("os.arch");
    }
  }

  private static double totalMemoryGiB() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize() / (1024.0 * 1024 * 1024);
    }
    return Double.NaN;
  }
}
