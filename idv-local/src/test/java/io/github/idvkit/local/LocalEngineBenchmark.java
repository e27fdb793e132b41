package io.github.idvkit.local;

import io.github.idvkit.FaceId;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.local.internal.EngineSettings;
import io.github.idvkit.local.internal.FaceDetection;
import io.github.idvkit.local.internal.FaceEngine;
import io.github.idvkit.local.internal.FaceTable;
import io.github.idvkit.local.internal.Journal;
import io.github.idvkit.local.internal.RgbImage;
import io.github.idvkit.local.internal.ShardedJournal;
import io.github.idvkit.spi.FaceRecord;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Measures the offline engine: model load, decode, detect and align+embed latency on the test
 * photos; and the storage over 10,000 and 100,000 enrolled (synthetic) faces: journal load,
 * brute-force search, and the cost of a delete (a user's faces from the index, one record). Not a
 * test: run it by hand and copy the numbers into the module README.
 *
 * <pre>
 * mvn -q -pl idv-local -am test-compile
 * mvn -q -pl idv-local dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/cp.txt
 * cd idv-local &amp;&amp; CLASSPATH=target/test-classes:target/classes:$(cat target/cp.txt) \
 *     java -Xmx512m io.github.idvkit.local.LocalEngineBenchmark [intraOpThreads] [storage]
 * </pre>
 *
 * <p>The classpath goes in {@code CLASSPATH}, not {@code -cp}: with ONNX Runtime 1.29.0 a JVM
 * command line over about 4 KB crashes (see the module README). {@code storage} skips the engine.
 * Without npm the face-api demo photos are skipped and only the portraits are timed.
 */
public final class LocalEngineBenchmark {

  private static final int WARMUP = 10;
  private static final int RUNS = 50;

  private LocalEngineBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param args optional: intra-op threads (default 1); {@code storage} to time the storage only
   * @throws Exception if anything fails
   */
  public static void main(String[] args) throws Exception {
    boolean storageOnly = Arrays.asList(args).contains("storage");
    int threads = args.length > 0 && !args[0].equals("storage") ? Integer.parseInt(args[0]) : 1;
    System.out.printf(Locale.ROOT, "java %s, %d cpus, intraOpThreads=%d%n",
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), threads);
    if (!storageOnly) {
      timeEngine(threads);
    }
    System.out.println();
    System.out.println("| enrolled faces (users) | journal load ms | search ms (median / p90)"
        + " | delete a user's 2 faces ms | delete 1 record ms | whole-journal rewrite ms | heap MB |");
    System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
    for (int n : new int[] {10_000, 100_000}) {
      timeStorage(n);
    }
  }

  private static void timeEngine(int threads) throws Exception {
    long t0 = System.nanoTime();
    EngineSettings settings = new EngineSettings(threads, 0.6, 1280, 64_000_000L);
    try (FaceEngine engine = FaceEngine.create(settings)) {
      System.out.printf(Locale.ROOT, "load: %.0f ms, %s%n", (System.nanoTime() - t0) / 1e6, memory());
      Map<String, byte[]> photos = new LinkedHashMap<>();
      for (TestPhotos p : TestPhotos.values()) {
        photos.put(p.fileName(), p.bytes());
      }
      try {
        for (int n : new int[] {1, 5}) {
          photos.put("sample" + n + ".jpg", FaceApiSamples.sample(n));
        }
      } catch (Throwable e) {
        System.out.println("face-api demo photos unavailable: " + e.getMessage());
      }
      System.out.println();
      System.out.println("| image | size | faces | decode ms (median / p90) | detect ms | align+embed ms per face"
          + " | enrolment descriptor ms per face |");
      System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
      for (Map.Entry<String, byte[]> photo : photos.entrySet()) {
        timeImage(engine, photo.getKey(), photo.getValue());
      }
      System.out.println();
      System.out.println("after images: " + memory());
    }
  }

  private static void timeImage(FaceEngine engine, String name, byte[] bytes) throws Exception {
    double[] decode = new double[RUNS];
    double[] detect = new double[RUNS];
    double[] embed = new double[RUNS];
    double[] enrol = new double[RUNS];
    RgbImage image = null;
    int faces = 0;
    for (int i = -WARMUP; i < RUNS; i++) {
      long a = System.nanoTime();
      image = engine.decode(new ByteArrayInputStream(bytes));
      long b = System.nanoTime();
      List<FaceDetection> found = new ArrayList<>();
      for (FaceEngine.AnalyzedFace f : engine.detect(image)) {
        found.add(f.detection());
      }
      long c = System.nanoTime();
      List<float[]> single = engine.embed(image, found);
      long d = System.nanoTime();
      for (int k = 0; k < found.size(); k++) {
        engine.enrolmentDescriptor(image, found.get(k), single.get(k));
      }
      long e = System.nanoTime();
      faces = found.size();
      if (i >= 0) {
        decode[i] = (b - a) / 1e6;
        detect[i] = (c - b) / 1e6;
        embed[i] = faces == 0 ? 0 : (d - c) / 1e6 / faces;
        enrol[i] = faces == 0 ? 0 : (e - c) / 1e6 / faces;
      }
    }
    System.out.printf(Locale.ROOT, "| %s | %dx%d | %d | %s | %s | %s | %s |%n", name, image.sourceWidth(),
        image.sourceHeight(), faces, stats(decode), stats(detect), stats(embed), stats(enrol));
  }

  private static void timeStorage(int faces) throws Exception {
    Random random = new Random(42);
    List<FaceTable.Face> list = new ArrayList<>(faces);
    List<FaceRecord> records = new ArrayList<>(faces);
    for (int i = 0; i < faces; i++) {
      UserId user = UserId.of("user-" + i / 2 + "@example.com");
      String faceId = String.format(Locale.ROOT, "lf-%032x", i);
      list.add(new FaceTable.Face(faceId, user, i, randomDescriptor(random), null));
      records.add(record(user, faceId, i));
    }
    Path dir = Files.createTempDirectory("idv-bench");
    Path journal = dir.resolve("faces.journal");
    try {
      FaceTable.writeAll(journal, list, null);
      // What one unsharded journal would pay per delete: rewriting every face's entry.
      List<byte[]> entries = new ArrayList<>(faces);
      for (int shard = 0; shard < ShardedJournal.SHARDS; shard++) {
        Journal.open(ShardedJournal.shardFile(journal, shard), entries).close();
      }
      double[] whole = new double[5];
      try (Journal single = Journal.open(dir.resolve("single").resolve("faces.journal"), new ArrayList<>())) {
        for (int i = 0; i < whole.length; i++) {
          long s = System.nanoTime();
          single.rewrite(entries);
          whole[i] = (System.nanoTime() - s) / 1e6;
        }
      }
      entries = null;
      FileSystemFaceRecordStore.writeAll(dir.resolve("records"), records);
      list = null;
      records = null;
      System.gc();
      long a = System.nanoTime();
      try (FaceTable table = FaceTable.open(journal, null)) {
        double load = (System.nanoTime() - a) / 1e6;
        double[] times = new double[RUNS * 4];
        for (int i = -WARMUP * 2; i < times.length; i++) {
          float[] probe = randomDescriptor(random);
          long s = System.nanoTime();
          table.search(probe, 10);
          if (i >= 0) {
            times[i] = (System.nanoTime() - s) / 1e6;
          }
        }
        Runtime rt = Runtime.getRuntime();
        long heap = (rt.totalMemory() - rt.freeMemory()) >> 20; // after loading and searching
        // forget's index part: one call deleting a user's two faces
        double[] deletes = new double[RUNS];
        for (int i = -WARMUP; i < RUNS; i++) {
          int user = (i + WARMUP) * (faces / 2 / (RUNS + WARMUP));
          String f1 = String.format(Locale.ROOT, "lf-%032x", 2 * user);
          String f2 = String.format(Locale.ROOT, "lf-%032x", 2 * user + 1);
          long s = System.nanoTime();
          if (table.removeAll(List.of(f1, f2)).size() != 2) {
            throw new IllegalStateException("faces of user-" + user + " not found");
          }
          if (i >= 0) {
            deletes[i] = (System.nanoTime() - s) / 1e6;
          }
        }
        double[] recordDeletes = new double[RUNS];
        try (FileSystemFaceRecordStore store =
            FileSystemFaceRecordStore.builder().directory(dir.resolve("records")).build()) {
          for (int i = -WARMUP; i < RUNS; i++) {
            int user = (i + WARMUP) * (faces / 2 / (RUNS + WARMUP)) + 1;
            long s = System.nanoTime();
            if (!store.delete(UserId.of("user-" + user + "@example.com"),
                FaceId.of(String.format(Locale.ROOT, "lf-%032x", 2 * user)))) {
              throw new IllegalStateException("record of user-" + user + " not found");
            }
            if (i >= 0) {
              recordDeletes[i] = (System.nanoTime() - s) / 1e6;
            }
          }
        }
        System.out.printf(Locale.ROOT, "| %,d (%,d) | %.0f | %s | %s | %s | %s | %d |%n", faces, faces / 2, load,
            stats(times), stats(deletes), stats(recordDeletes), stats(whole), heap);
      }
    } finally {
      io.github.idvkit.local.internal.AtomicFiles.deleteTree(dir);
    }
  }

  private static FaceRecord record(UserId user, String faceId, int i) {
    return FaceRecord.builder()
        .userId(user)
        .faceId(FaceId.of(faceId))
        .image(StoredImage.of("file:///var/lib/idv/images/faces/0123456789abcdef0123456789abcdef/" + faceId + ".jpg"))
        .provider("local")
        .collectionId("faces")
        .modelVersion("blazeface-back256-1.2.0+dlib-resnet29-faceapi-1.7.15-9073a002")
        .confidence(0.9)
        .brightness(0.5)
        .sharpness(0.8)
        .requestId("req-" + i)
        .createdAt(java.time.Instant.ofEpochSecond(1_700_000_000L + i))
        .build();
  }

  /** A random vector shaped like a dlib descriptor (components about N(0, 0.125), norm about 1.4). */
  private static float[] randomDescriptor(Random random) {
    float[] d = new float[128];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (random.nextGaussian() * 0.125);
    }
    return d;
  }

  private static String stats(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return String.format(Locale.ROOT, "%.1f / %.1f", sorted[sorted.length / 2],
        sorted[(int) Math.floor(sorted.length * 0.9)]);
  }

  private static String memory() {
    try {
      String rss = "?";
      String peak = "?";
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = line.substring(6).trim();
        } else if (line.startsWith("VmHWM:")) {
          peak = line.substring(6).trim();
        }
      }
      return "RSS " + rss + ", peak RSS " + peak;
    } catch (Exception e) {
      return "RSS unavailable";
    }
  }
}
