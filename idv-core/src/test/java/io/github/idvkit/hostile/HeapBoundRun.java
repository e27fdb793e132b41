package io.github.idvkit.hostile;

import io.github.idvkit.ImageLimits;
import io.github.idvkit.hostile.HostileCorpus.Hostile;
import io.github.idvkit.hostile.HostileCorpus.Prepared;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Runs {@link HostileCorpus#heavy()} in the JVM it is started in, which {@link HostileImageTest}
 * starts with a heap of {@link HostileImageTest#HEAP_BOUND}, checking each input as the test does:
 * an acceptable outcome within {@link HostileImageTest#CPU_BOUND}. Prints one line per input and a
 * last line {@code "heavy inputs ok N ..."}; exits with status 1 at the first failure, an {@link
 * OutOfMemoryError} included.
 */
final class HeapBoundRun {

  private HeapBoundRun() {}

  public static void main(String[] args) {
    ImageLimits limits = ImageLimits.rekognition();
    int done = 0;
    for (Hostile input : HostileCorpus.heavy()) {
      try (Prepared prepared = input.prepare()) {
        Outcome outcome = Outcome.of(() -> prepared.open().normalize(limits));
        outcome.assertAcceptable(limits, prepared.content());
        if (outcome.cpuTime().compareTo(HostileImageTest.CPU_BOUND) > 0) {
          throw new AssertionError("took " + outcome.cpuTime() + " of CPU");
        }
        System.out.println(input + ": " + (outcome.image() != null ? "normalised" : "rejected "
            + outcome.rejection().reason()) + " in " + outcome.cpuTime().toMillis() + " ms of CPU");
      } catch (Throwable e) {
        System.out.println("FAILED " + input + ": " + e);
        System.exit(1);
      }
      done++;
    }
    long oldGeneration = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getName().contains("Old")) {
        oldGeneration = Math.max(oldGeneration, pool.getPeakUsage().getUsed());
      }
    }
    System.out.println("heavy inputs ok " + done + " with a heap of " + (Runtime.getRuntime().maxMemory() >> 20)
        + " MiB; peak old generation " + (oldGeneration >> 20) + " MiB");
  }
}
