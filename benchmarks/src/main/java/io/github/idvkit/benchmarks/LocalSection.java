package io.github.idvkit.benchmarks;

import static io.github.idvkit.benchmarks.Report.f;

import io.github.idvkit.FaceImage;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.LoginDecision;
import io.github.idvkit.RegisterDecision;
import io.github.idvkit.UserId;
import io.github.idvkit.local.LocalIdentityVerifier;
import io.github.idvkit.local.internal.EngineSettings;
import io.github.idvkit.local.internal.FaceDetection;
import io.github.idvkit.local.internal.FaceEngine;
import io.github.idvkit.local.internal.FaceTable;
import io.github.idvkit.local.internal.RgbImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Issue item 6: the offline engine of idv-local. Decode, detect and embed on the public-domain
 * portraits of idv-local's tests; brute-force search over 10,000 and 100,000 enrolled synthetic
 * descriptors; and a whole login through {@link LocalIdentityVerifier}.
 *
 * <p>Detect, embed and search are steps inside idv-local with no public entry point of their own,
 * so this section calls its internal {@code FaceEngine} and {@code FaceTable}, as idv-local's own
 * {@code LocalEngineBenchmark} does; a measurement harness may look inside, a caller may not.
 */
final class LocalSection {

  private static final String[] PHOTOS = {"astronaut.png", "grace_hopper.jpg", "mona.png"};

  private final Settings settings;
  private final Report report;

  LocalSection(Settings settings, Report report) {
    this.settings = settings;
    this.report = report;
  }

  void run() throws Exception {
    int runs = settings.localRuns();
    int warmup = Math.max(1, runs / 5);
    Report.Table steps =
        new Report.Table("6a. idv-local: decode, detect and embed (1 ONNX Runtime thread)", "photo", "size", "faces",
            "decode ms (median / p90)", "detect ms", "align + embed ms per face");
    long loadStart = System.nanoTime();
    try (FaceEngine engine = FaceEngine.create(EngineSettings.defaults())) {
      double loadMs = (System.nanoTime() - loadStart) / 1e6;
      for (String name : PHOTOS) {
        byte[] bytes = photo(name);
        double[] decode = new double[runs];
        double[] detect = new double[runs];
        double[] embed = new double[runs];
        RgbImage image = null;
        int faces = 0;
        for (int i = -warmup; i < runs; i++) {
          long a = System.nanoTime();
          image = engine.decode(new ByteArrayInputStream(bytes));
          long b = System.nanoTime();
          List<FaceDetection> found = new ArrayList<>();
          for (FaceEngine.AnalyzedFace face : engine.detect(image)) {
            found.add(face.detection());
          }
          long c = System.nanoTime();
          engine.embed(image, found);
          long d = System.nanoTime();
          faces = found.size();
          if (i >= 0) {
            decode[i] = (b - a) / 1e6;
            detect[i] = (c - b) / 1e6;
            embed[i] = faces == 0 ? 0 : (d - c) / 1e6 / faces;
          }
        }
        steps.row(name, image.sourceWidth() + "x" + image.sourceHeight(), faces, Stats.of(decode).medianP90(),
            Stats.of(detect).medianP90(), Stats.of(embed).medianP90());
      }
      steps.note("%d timed runs after %d warm-up runs per photo; models loaded in %.0f ms. detect includes"
          + " letterboxing and the quality measures of each face.", runs, warmup, loadMs);
    }
    report.add(steps);

    Report.Table search =
        new Report.Table("6b. idv-local: brute-force search, top 10 users", "enrolled faces (users)",
            "open index ms", "search ms (median / p90)");
    for (int size : settings.searchSizes()) {
      search(size, search);
    }
    search.note("Random descriptors shaped like dlib's (two faces per user); each search scans every face, so"
        + " time grows linearly with the index.");
    report.add(search);

    Report.Table flow =
        new Report.Table("6c. idv-local: a whole login (LocalIdentityVerifier, public API)", "photo",
            "login ms (median / p90)", "decision");
    Path dir = Files.createTempDirectory("idv-bench-local");
    try (IdentityVerifier idv = LocalIdentityVerifier.builder().dataDirectory(dir).build()) {
      byte[] bytes = photo("grace_hopper.jpg");
      RegisterDecision registered =
          idv.register(r -> r.userId("grace@example.com").selfie(FaceImage.fromBytes(bytes))).decision();
      if (registered != RegisterDecision.REGISTERED) {
        throw new IllegalStateException("idv-local did not register the portrait: " + registered);
      }
      double[] login = new double[runs];
      LoginDecision decision = null;
      for (int i = -warmup; i < runs; i++) {
        long start = System.nanoTime();
        decision = idv.login(r -> r.userId("grace@example.com").selfie(FaceImage.fromBytes(bytes))).decision();
        if (i >= 0) {
          login[i] = (System.nanoTime() - start) / 1e6;
        }
      }
      flow.row("grace_hopper.jpg (registered with the same photo)", Stats.of(login).medianP90(), decision);
    } finally {
      deleteTree(dir);
    }
    flow.note("Normalise, decode, detect, embed, search a one-user index, decide; records on the file system.");
    report.add(flow);
  }

  private void search(int size, Report.Table table) throws IOException {
    Random random = new Random(42);
    List<FaceTable.Face> faces = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      faces.add(new FaceTable.Face("f" + i, UserId.of("user-" + i / 2), i, descriptor(random), null));
    }
    Path dir = Files.createTempDirectory("idv-bench-search");
    try {
      Path journal = dir.resolve("faces.journal");
      FaceTable.writeAll(journal, faces, null);
      faces = null;
      long open = System.nanoTime();
      try (FaceTable index = FaceTable.open(journal, null)) {
        double openMs = (System.nanoTime() - open) / 1e6;
        int runs = Math.max(2, settings.localRuns() * 4);
        double[] times = new double[runs];
        for (int i = -runs / 5; i < runs; i++) {
          float[] probe = descriptor(random);
          long start = System.nanoTime();
          index.search(probe, 10);
          if (i >= 0) {
            times[i] = (System.nanoTime() - start) / 1e6;
          }
        }
        table.row(f("%,d (%,d)", size, size / 2), f("%.0f", openMs), Stats.of(times).medianP90());
      }
    } finally {
      deleteTree(dir);
    }
  }

  private static float[] descriptor(Random random) {
    float[] d = new float[128];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (random.nextGaussian() * 0.125);
    }
    return d;
  }

  private static byte[] photo(String name) {
    try (InputStream in = LocalSection.class.getResourceAsStream("photos/" + name)) {
      if (in == null) {
        throw new IllegalStateException("Missing photo " + name + " (copied from idv-local's test resources at build)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
