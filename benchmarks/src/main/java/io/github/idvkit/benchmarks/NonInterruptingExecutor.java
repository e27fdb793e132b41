package io.github.idvkit.benchmarks;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cached thread pool like idv's own, except that {@code cancel(true)} on its futures does not
 * interrupt the running task: the call finishes and its result is dropped. It stands in for the
 * proposed change to idv-core's {@code Step.cancel()} ({@code future.cancel(false)}), so the
 * throughput section can show both behaviours side by side without editing core.
 */
final class NonInterruptingExecutor extends ThreadPoolExecutor {

  private static final AtomicInteger THREADS = new AtomicInteger();

  private NonInterruptingExecutor() {
    super(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), runnable -> {
      Thread thread = new Thread(runnable, "idv-flow-nointerrupt-" + THREADS.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  static ExecutorService create() {
    return new NonInterruptingExecutor();
  }

  @Override
  protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
    return new FutureTask<>(callable) {
      @Override
      public boolean cancel(boolean mayInterruptIfRunning) {
        return super.cancel(false);
      }
    };
  }
}
