package io.github.idvkit.benchmarks;

import static io.github.idvkit.benchmarks.Report.f;

import io.github.idvkit.FaceImage;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.LoginDecision;
import io.github.idvkit.RegisterDecision;
import io.github.idvkit.local.LocalEngineSteps;
import io.github.idvkit.local.LocalIdentityVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Issue item 6: the offline engine of idv-local. Decode, detect and embed on the public-domain
 * portraits of idv-local's tests; brute-force search over 10,000 and 100,000 enrolled synthetic
 * descriptors; and a whole login through {@link LocalIdentityVerifier}.
 *
 * <p>Detect, embed and search are steps inside idv-local with no public entry point of their own,
 * so this section times them through {@link LocalEngineSteps} from idv-local's test-jar; the
 * benchmarks never import idv-local's internal package (see {@code ArchitectureTest}).
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
    try (LocalEngineSteps engine = LocalEngineSteps.load()) {
      double loadMs = (System.nanoTime() - loadStart) / 1e6;
      for (String name : PHOTOS) {
        byte[] bytes = photo(name);
        double[] decode = new double[runs];
        double[] detect = new double[runs];
        double[] embed = new double[runs];
        LocalEngineSteps.Timing t = null;
        for (int i = -warmup; i < runs; i++) {
          t = engine.run(bytes);
          if (i >= 0) {
            decode[i] = t.decodeNanos() / 1e6;
            detect[i] = t.detectNanos() / 1e6;
            embed[i] = t.faces() == 0 ? 0 : t.embedNanos() / 1e6 / t.faces();
          }
        }
        steps.row(name, t.width() + "x" + t.height(), t.faces(), Stats.of(decode).medianP90(),
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
    Path dir = Files.createTempDirectory("idv-bench-search");
    try (LocalEngineSteps.SearchIndex index = LocalEngineSteps.SearchIndex.create(dir, size, random)) {
      int runs = Math.max(2, settings.localRuns() * 4);
      double[] times = new double[runs];
      for (int i = -runs / 5; i < runs; i++) {
        long nanos = index.searchNanos(random);
        if (i >= 0) {
          times[i] = nanos / 1e6;
        }
      }
      table.row(f("%,d (%,d)", size, size / 2), f("%.0f", index.openNanos() / 1e6), Stats.of(times).medianP90());
    } finally {
      deleteTree(dir);
    }
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
