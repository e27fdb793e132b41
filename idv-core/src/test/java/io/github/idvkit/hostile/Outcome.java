package io.github.idvkit.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.FaceImage;
import io.github.idvkit.ImageFormat;
import io.github.idvkit.ImageLimits;
import io.github.idvkit.InvalidImageException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * What one hostile input came to: a normalised image or an {@link InvalidImageException}, with the
 * wall-clock and CPU time taken and the bytes allocated on the way. Any other throwable propagates: it fails the test.
 *
 * <p>Both are measured with {@code com.sun.management.ThreadMXBean} on the working thread. CPU time,
 * unlike wall-clock time, does not grow when other processes load the machine. Allocation counts
 * every byte the work allocated, live or garbage, so it bounds the heap the work can have needed.
 */
record Outcome(
    @Nullable FaceImage image,
    @Nullable InvalidImageException rejection,
    Duration elapsed,
    Duration cpuTime,
    long allocatedBytes) {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** Runs {@code work} on the current thread, measuring it. */
  static Outcome of(Callable<FaceImage> work) throws Exception {
    long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
    long cpuBefore = THREADS.getCurrentThreadCpuTime();
    long started = System.nanoTime();
    FaceImage image = null;
    InvalidImageException rejection = null;
    try {
      image = work.call();
    } catch (InvalidImageException e) {
      rejection = e;
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    Duration cpu = Duration.ofNanos(THREADS.getCurrentThreadCpuTime() - cpuBefore);
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
    return new Outcome(image, rejection, elapsed, cpu, allocated);
  }

  static boolean measurable() {
    return THREADS.isThreadAllocatedMemorySupported()
        && THREADS.isThreadAllocatedMemoryEnabled()
        && THREADS.isCurrentThreadCpuTimeSupported()
        && THREADS.isThreadCpuTimeEnabled();
  }


  /**
   * Asserts the outcome is acceptable: a rejection whose message repeats none of the input, or an
   * image that is the output of normalisation, fits {@code limits}, probes cleanly when read back
   * and is a fixed point of normalisation (so it carries no metadata and no orientation).
   */
  void assertAcceptable(ImageLimits limits, byte @Nullable [] input) {
    if (rejection != null) {
      assertThat(rejection.reason()).isNotNull();
      if (input != null) {
        assertMessageHoldsNoContent(rejection, input);
      }
      return;
    }
    assertValidNormalised(image, limits);
  }

  static void assertValidNormalised(FaceImage image, ImageLimits limits) {
    assertThat(image.isNormalized()).as("normalised").isTrue();
    assertThat((long) image.size()).as("encoded size").isLessThanOrEqualTo(limits.maxBytes());
    assertThat(Math.max(image.width(), image.height())).as("long side").isLessThanOrEqualTo(limits.maxLongSide());
    assertThat(Math.min(image.width(), image.height())).as("short side").isGreaterThanOrEqualTo(limits.minSide());
    FaceImage reread = FaceImage.fromBytes(image.bytes());
    assertThat(reread.width()).isEqualTo(image.width());
    assertThat(reread.height()).isEqualTo(image.height());
    assertThat(reread.format()).isIn(ImageFormat.JPEG, ImageFormat.PNG);
    assertThat(reread.normalize(limits).bytes())
        .as("normalising the output again changes nothing")
        .isEqualTo(image.bytes());
  }

  private static void assertMessageHoldsNoContent(InvalidImageException e, byte[] input) {
    if (input.length < 12) {
      return;
    }
    String message = String.valueOf(e.getMessage());
    int from = Math.min(input.length - 12, 2);
    assertThat(message)
        .doesNotContain(HexFormat.of().formatHex(input, from, from + 12))
        .doesNotContain(HexFormat.of().withUpperCase().formatHex(input, from, from + 12))
        .doesNotContain(Base64.getEncoder().encodeToString(Arrays.copyOfRange(input, 0, 12)));
  }
}
