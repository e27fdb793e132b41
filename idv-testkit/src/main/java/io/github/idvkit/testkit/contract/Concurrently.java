package io.github.idvkit.testkit.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Runs tasks on several threads at once, released together, for the thread-safety checks. */
final class Concurrently {

  static final int THREADS = 8;

  private Concurrently() {}

  static <T> List<T> run(int tasks, IntFunction<T> task) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(tasks, THREADS));
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < tasks; i++) {
        int n = i;
        futures.add(pool.submit(() -> {
          start.await();
          return task.apply(n);
        }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(2, TimeUnit.MINUTES));
      }
      return results;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("A concurrent task took more than 2 minutes", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
