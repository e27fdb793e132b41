package io.github.idvkit.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a run measures and how long. Options are {@code --name=value}; {@code --quick} is the smoke
 * test's tiny run.
 *
 * <pre>
 * --rekognition-ms=50 --s3-ms=15 --dynamodb-ms=15   injected service latency per call
 * --flows=25 --warmup=4                              timed and warm-up flows per contender
 * --seconds=5 --concurrency=1,16,64                  throughput window per level, and the levels
 * --sections=latency,throughput,images,jmh,local     which parts run (all by default)
 * --search-sizes=10000,100000                        idv-local enrolled faces
 * --quick                                            1-2 iterations of everything (smoke test)
 * </pre>
 */
record Settings(
    Duration rekognitionLatency,
    Duration s3Latency,
    Duration dynamoDbLatency,
    int flows,
    int warmup,
    Duration throughputWindow,
    Duration throughputWarmup,
    List<Integer> concurrency,
    Set<String> sections,
    List<Integer> searchSizes,
    int localRuns,
    int imageRuns,
    int photoSide,
    boolean quick) {

  static final Set<String> ALL = Set.of("latency", "throughput", "images", "jmh", "local");

  static Settings parse(String... args) {
    boolean quick = Arrays.asList(args).contains("--quick");
    long rekognition = quick ? 2 : 50;
    long s3 = quick ? 1 : 15;
    long dynamo = quick ? 1 : 15;
    int flows = quick ? 2 : 25;
    int warmup = quick ? 1 : 4;
    double seconds = quick ? 0.2 : 5;
    List<Integer> concurrency = quick ? List.of(1, 4) : List.of(1, 16, 64);
    Set<String> sections = new LinkedHashSet<>(List.of("latency", "throughput", "images", "jmh", "local"));
    List<Integer> searchSizes = quick ? List.of(1_000) : List.of(10_000, 100_000);
    int localRuns = quick ? 2 : 30;
    int imageRuns = quick ? 1 : 5;
    int photoSide = quick ? 480 : 3464;
    for (String arg : args) {
      if (arg.equals("--quick")) {
        continue;
      }
      String[] kv = arg.replaceFirst("^--", "").split("=", 2);
      if (kv.length != 2 || !arg.startsWith("--")) {
        throw new IllegalArgumentException("Expected --name=value, got " + arg);
      }
      String value = kv[1];
      switch (kv[0]) {
        case "rekognition-ms" -> rekognition = Long.parseLong(value);
        case "s3-ms" -> s3 = Long.parseLong(value);
        case "dynamodb-ms" -> dynamo = Long.parseLong(value);
        case "flows" -> flows = Integer.parseInt(value);
        case "warmup" -> warmup = Integer.parseInt(value);
        case "seconds" -> seconds = Double.parseDouble(value);
        case "concurrency" -> concurrency = ints(value);
        case "sections" -> {
          sections = new LinkedHashSet<>(Arrays.asList(value.toLowerCase(Locale.ROOT).split(",")));
          if (!ALL.containsAll(sections)) {
            throw new IllegalArgumentException("Sections are " + ALL + ", got " + value);
          }
        }
        case "search-sizes" -> searchSizes = ints(value);
        case "local-runs" -> localRuns = Integer.parseInt(value);
        case "image-runs" -> imageRuns = Integer.parseInt(value);
        default -> throw new IllegalArgumentException("Unknown option --" + kv[0]);
      }
    }
    return new Settings(
        Duration.ofMillis(rekognition),
        Duration.ofMillis(s3),
        Duration.ofMillis(dynamo),
        flows,
        warmup,
        Duration.ofMillis((long) (seconds * 1000)),
        Duration.ofMillis((long) (Math.min(1.5, seconds) * 1000)),
        concurrency,
        sections,
        searchSizes,
        localRuns,
        imageRuns,
        photoSide,
        quick);
  }

  boolean runs(String section) {
    return sections.contains(section);
  }

  private static List<Integer> ints(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).map(Integer::parseInt).toList();
  }
}
