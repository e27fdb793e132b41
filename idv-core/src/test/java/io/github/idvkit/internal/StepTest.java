package io.github.idvkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StepTest {

  @Test
  void started_onAnExecutorThatRejects_runsOnTheCallersThreadWhenRead() {
    ExecutorService full = Executors.newSingleThreadExecutor();
    full.shutdown(); // rejects every task, as a bounded pool with every thread busy does
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    AtomicInteger runs = new AtomicInteger();

    Step<String> step = Step.started(full, "Call", () -> {
      runs.incrementAndGet();
      ranOn.set(Thread.currentThread());
      return "done";
    });

    assertThat(runs).hasValue(0);
    assertThat(step.settle()).isEmpty();
    assertThat(step.get()).isEqualTo("done");
    assertThat(ranOn.get()).isSameAs(Thread.currentThread());
    assertThat(runs).hasValue(1);
  }

  @Test
  void started_onAFreeExecutor_runsAtOnceOnAnotherThread() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      AtomicReference<Thread> ranOn = new AtomicReference<>();

      Step<String> step = Step.started(pool, "Call", () -> {
        ranOn.set(Thread.currentThread());
        return "done";
      });

      assertThat(step.get()).isEqualTo("done");
      assertThat(ranOn.get()).isNotSameAs(Thread.currentThread());
    } finally {
      pool.shutdownNow();
    }
  }
}
