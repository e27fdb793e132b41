package io.github.idvkit.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.idvkit.FaceImage;
import io.github.idvkit.ImageLimits;
import io.github.idvkit.InvalidImageException;
import io.github.idvkit.InvalidImageException.Reason;
import io.github.idvkit.hostile.HostileCorpus.Hostile;
import io.github.idvkit.hostile.HostileCorpus.LargeStream;
import io.github.idvkit.hostile.HostileCorpus.Prepared;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every input of the hostile corpus gives a valid normalised image or an {@link
 * InvalidImageException}: never another exception, a hang or an out-of-memory error. The heaviest
 * inputs run in a separate JVM with a small heap, the rest here, one test each.
 *
 * <p>Bounds, per input, for {@link FaceImage} creation plus {@link FaceImage#normalize}: at most
 * {@link #CPU_BOUND} of CPU time and {@link #ALLOCATION_BOUND} allocated on the working thread
 * (asserted), and {@link #HANG_BOUND} of wall-clock time (enforced preemptively: a hang is cut off
 * and fails the test). CPU time is the stable measure on a loaded machine; the wall-clock bound
 * only leaves room for other processes.
 *
 * <p>Heap: the decoder keeps the decoded image within 96 MiB whatever the declared size. The
 * heaviest inputs run in a JVM of {@link #HEAP_BOUND}, started by {@link
 * #heavyInputs_inAJvmWithASmallHeap_finishWithoutRunningOutOfMemory()}, with the same checks and
 * CPU bound; the rest passes with that heap too ({@code mvn test -Dtest=HostileImageTest
 * -DargLine=-Xmx256m}).
 */
class HostileImageTest {

  /** CPU time per input. The worst input, a 64 MP 16-bit RGBA PNG of zeros, needs about 3 s. */
  static final Duration CPU_BOUND = Duration.ofSeconds(8);

  /** Wall-clock time per input, after which it counts as a hang; the machine has two busy cores. */
  static final Duration HANG_BOUND = Duration.ofSeconds(30);

  /**
   * Bytes allocated per corpus input, garbage included: a regression signal, not the heap bound.
   * Allocation can exceed the heap many times over (the JDK's PNG reader drops 8 KiB per empty IDAT
   * chunk: 24 GiB for a 34 MB file, at 3 s of CPU), so the heap is bounded by {@link #HEAP_BOUND}.
   */
  static final long ALLOCATION_BOUND = 256L * 1024 * 1024;

  /** The heap of the JVM that runs the heaviest inputs. */
  static final long HEAP_BOUND = 256L * 1024 * 1024;

  private static final ImageLimits LIMITS = ImageLimits.rekognition();
  private static final Map<String, Outcome> SEEN = new ConcurrentHashMap<>();

  static Stream<Hostile> corpus() {
    return HostileCorpus.light().stream();
  }

  @Test
  void corpus_asGenerated_holdsAtLeastFiftyDistinctInputs() {
    List<Hostile> corpus = HostileCorpus.all();

    assertThat(corpus).hasSizeGreaterThanOrEqualTo(50);
    assertThat(corpus.stream().map(Hostile::name).distinct()).hasSameSizeAs(corpus);
    assertThat(HostileCorpus.light().size() + HostileCorpus.heavy().size()).isEqualTo(corpus.size());
    assertThat(Outcome.measurable()).as("thread CPU time and allocation measurable on this JVM").isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void normalize_hostileInput_givesValidImageOrInvalidImageExceptionWithinBounds(Hostile input) {
    try (Prepared prepared = input.prepare()) {

      Outcome outcome =
          assertTimeoutPreemptively(
              HANG_BOUND,
              () -> Outcome.of(() -> prepared.open().normalize(LIMITS)),
              () -> input.name() + " hung: no outcome after " + HANG_BOUND);

      SEEN.put(input.name(), outcome);
      assertThat(outcome.cpuTime()).as("CPU time for " + input).isLessThanOrEqualTo(CPU_BOUND);
      assertThat(outcome.allocatedBytes()).as("bytes allocated for " + input).isLessThanOrEqualTo(ALLOCATION_BOUND);
      outcome.assertAcceptable(LIMITS, prepared.content());
    }
  }

  /**
   * The heap bound, for real: the heaviest inputs, a 34 MB flood of PNG chunks among them, run in a
   * JVM of {@link #HEAP_BOUND} without an {@link OutOfMemoryError} or any exception other than
   * {@link InvalidImageException}.
   */
  @Test
  void heavyInputs_inAJvmWithASmallHeap_finishWithoutRunningOutOfMemory() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process run =
        new ProcessBuilder(
                java.toString(), "-Xmx" + (HEAP_BOUND >> 20) + "m", "-cp", System.getProperty("java.class.path"),
                HeapBoundRun.class.getName())
            .redirectErrorStream(true)
            .start();

    String output;
    try (InputStream out = run.getInputStream()) {
      output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
    }
    boolean finished = run.waitFor(HANG_BOUND.toSeconds() * 4, TimeUnit.SECONDS);

    System.out.print(output);
    assertThat(finished).as("the heap-bound run finished").isTrue();
    assertThat(run.exitValue()).as(output).isZero();
    assertThat(output).contains("heavy inputs ok " + HostileCorpus.heavy().size());
  }

  @Test
  void fromStream_hundredMegabytes_stopsReadingAtTheLimit() throws Exception {
    LargeStream in = new LargeStream(HostileCorpus.HUNDRED_MB);

    Outcome outcome = assertTimeoutPreemptively(HANG_BOUND, () -> Outcome.of(() -> FaceImage.fromStream(in)));

    assertThat(outcome.rejection()).isNotNull();
    assertThat(outcome.rejection().reason()).isEqualTo(Reason.TOO_MANY_BYTES);
    assertThat(in.bytesRead()).isEqualTo(FaceImage.MAX_INPUT_BYTES + 1);
    // readNBytes buffers what it reads, then copies it once into the array it returns.
    assertThat(outcome.allocatedBytes()).isLessThan(2 * FaceImage.MAX_INPUT_BYTES + (8 << 20));
  }

  @Test
  void fromBytes_hundredMegabytes_isRejectedWithoutCopying() throws Exception {
    byte[] big = LargeStream.jpegLike(HostileCorpus.HUNDRED_MB);

    Outcome outcome = Outcome.of(() -> FaceImage.fromBytes(big));

    assertThat(outcome.rejection()).isNotNull();
    assertThat(outcome.rejection().reason()).isEqualTo(Reason.TOO_MANY_BYTES);
    assertThat(outcome.allocatedBytes()).isLessThan(1 << 20);
  }

  @Test
  void fromPath_hundredMegabyteFile_isRejectedWithoutReading() throws Exception {
    try (Prepared file = HostileCorpus.heavy().stream().filter(h -> h.name().contains("fromPath")).findFirst().orElseThrow().prepare()) {

      Outcome outcome = Outcome.of(file::open);

      assertThat(outcome.rejection()).isNotNull();
      assertThat(outcome.rejection().reason()).isEqualTo(Reason.TOO_MANY_BYTES);
      assertThat(outcome.allocatedBytes()).isLessThan(1 << 20);
    }
  }

  @Test
  void fromBytes_hundredMegabytes_rejectionSaysWhatToDo() {
    byte[] big = LargeStream.jpegLike(HostileCorpus.HUNDRED_MB);

    assertThatThrownBy(() -> FaceImage.fromBytes(big))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("send a smaller image");
  }

  @AfterAll
  static void printBounds() {
    if (SEEN.isEmpty()) {
      return;
    }
    Map<String, Integer> outcomes = new TreeMap<>();
    SEEN.values().forEach(o -> outcomes.merge(o.image() != null ? "normalised" : o.rejection().reason().name(), 1, Integer::sum));
    Map.Entry<String, Outcome> slowest =
        SEEN.entrySet().stream().max(Map.Entry.comparingByValue((a, b) -> a.cpuTime().compareTo(b.cpuTime()))).orElseThrow();
    Map.Entry<String, Outcome> hungriest =
        SEEN.entrySet().stream().max(Map.Entry.comparingByValue((a, b) -> Long.compare(a.allocatedBytes(), b.allocatedBytes()))).orElseThrow();
    System.out.printf(
        "Hostile corpus: %d inputs here %s (and %d in a JVM of %d MiB); most CPU %d ms (%s, %d ms wall),"
            + " most allocated %d MiB (%s); bounds %d s CPU, %d MiB allocated, %d s wall%n",
        SEEN.size(),
        outcomes,
        HostileCorpus.heavy().size(),
        HEAP_BOUND >> 20,
        slowest.getValue().cpuTime().toMillis(),
        slowest.getKey(),
        slowest.getValue().elapsed().toMillis(),
        hungriest.getValue().allocatedBytes() >> 20,
        hungriest.getKey(),
        CPU_BOUND.toSeconds(),
        ALLOCATION_BOUND >> 20,
        HANG_BOUND.toSeconds());
  }
}
