package io.github.idvkit.local;

import io.github.idvkit.UserId;
import io.github.idvkit.local.internal.EngineSettings;
import io.github.idvkit.local.internal.FaceDetection;
import io.github.idvkit.local.internal.FaceEngine;
import io.github.idvkit.local.internal.FaceTable;
import io.github.idvkit.local.internal.RgbImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The steps inside idv-local's engine (decode, detect, embed; brute-force search), timed one by one
 * for the benchmarks module. Detect, embed and search have no public entry point of their own, so
 * this test-side class, published in idv-local's test-jar, looks inside for the measurement and the
 * benchmarks never import idv-local's internal package. Not API.
 */
public final class LocalEngineSteps implements AutoCloseable {

  private final FaceEngine engine;

  private LocalEngineSteps(FaceEngine engine) {
    this.engine = engine;
  }

  /**
   * Loads the engine with its default models.
   *
   * @return the steps
   * @throws Exception if the models cannot be loaded
   */
  public static LocalEngineSteps load() throws Exception {
    return new LocalEngineSteps(FaceEngine.create(EngineSettings.defaults()));
  }

  /** One photo through the engine, with each step's time. */
  public record Timing(int width, int height, int faces, long decodeNanos, long detectNanos, long embedNanos) {}

  /**
   * Decodes, detects and embeds one photo.
   *
   * @param photo the encoded photo
   * @return the timing
   * @throws Exception if the photo cannot be read or the engine fails
   */
  public Timing run(byte[] photo) throws Exception {
    long a = System.nanoTime();
    RgbImage image = engine.decode(new ByteArrayInputStream(photo));
    long b = System.nanoTime();
    List<FaceDetection> found = new ArrayList<>();
    for (FaceEngine.AnalyzedFace face : engine.detect(image)) {
      found.add(face.detection());
    }
    long c = System.nanoTime();
    engine.embed(image, found);
    long d = System.nanoTime();
    return new Timing(image.sourceWidth(), image.sourceHeight(), found.size(), b - a, c - b, d - c);
  }

  /** A brute-force index of synthetic descriptors shaped like dlib's, two faces per user. */
  public static final class SearchIndex implements AutoCloseable {
    private final FaceTable table;
    private final long openNanos;

    private SearchIndex(FaceTable table, long openNanos) {
      this.table = table;
      this.openNanos = openNanos;
    }

    /**
     * Writes {@code size} random faces to a journal in {@code dir} and opens it.
     *
     * @param dir an empty directory
     * @param size how many faces
     * @param random the source of the descriptors
     * @return the index
     * @throws IOException if the journal cannot be written or read
     */
    public static SearchIndex create(Path dir, int size, Random random) throws IOException {
      List<FaceTable.Face> faces = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        faces.add(new FaceTable.Face("f" + i, UserId.of("user-" + i / 2), i, descriptor(random), null));
      }
      Path journal = dir.resolve("faces.journal");
      FaceTable.writeAll(journal, faces, null);
      long start = System.nanoTime();
      FaceTable table = FaceTable.open(journal, null);
      return new SearchIndex(table, System.nanoTime() - start);
    }

    /**
     * Returns how long opening the journal took.
     *
     * @return nanoseconds
     */
    public long openNanos() {
      return openNanos;
    }

    /**
     * Searches the top 10 users for a random probe.
     *
     * @param random the source of the probe
     * @return nanoseconds the search took
     */
    public long searchNanos(Random random) {
      float[] probe = descriptor(random);
      long start = System.nanoTime();
      table.search(probe, 10);
      return System.nanoTime() - start;
    }

    @Override
    public void close() throws IOException {
      table.close();
    }
  }

  private static float[] descriptor(Random random) {
    float[] d = new float[128];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (random.nextGaussian() * 0.125);
    }
    return d;
  }

  @Override
  public void close() {
    engine.close();
  }
}
