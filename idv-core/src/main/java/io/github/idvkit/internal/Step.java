package io.github.idvkit.internal;

import io.github.idvkit.ProviderException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One provider call of a flow, started eagerly on an executor (concurrent mode) or run lazily on
 * first {@link #get()} (sequential mode, so a flow that stops early never makes the call). Not API.
 */
abstract class Step<T> {

  abstract T get();

  abstract void cancel();

  /**
   * Waits for a call that was started, ignoring its failure, and returns its value if it has one;
   * never starts a call that has not run. Used before undoing what a call may have written.
   */
  abstract java.util.Optional<T> settle();

  static <T> Step<T> lazy(Supplier<T> call) {
    return new Step<>() {
      private @Nullable T value;
      private boolean done;

      @Override
      T get() {
        if (!done) {
          value = call.get();
          done = true;
        }
        return value;
      }

      @Override
      void cancel() {}

      @Override
      java.util.Optional<T> settle() {
        return done ? java.util.Optional.ofNullable(value) : java.util.Optional.empty();
      }
    };
  }

  /**
   * Starts {@code call} on {@code executor}; if the executor rejects it (a bounded pool with every
   * thread busy), the call runs lazily on the caller's thread instead.
   */
  static <T> Step<T> started(ExecutorService executor, String operation, Supplier<T> call) {
    Future<T> future;
    try {
      future = executor.submit(call::get);
    } catch (RejectedExecutionException e) {
      return lazy(call);
    }
    return new Step<>() {
      @Override
      T get() {
        try {
          return future.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ProviderException(
              ProviderException.Kind.TIMEOUT, "idv", operation, null, "interrupted while waiting", e);
        } catch (CancellationException e) {
          throw new ProviderException(
              ProviderException.Kind.TIMEOUT, "idv", operation, null, "cancelled", e);
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException runtime) {
            throw runtime;
          }
          if (cause instanceof Error error) {
            throw error;
          }
          throw new IllegalStateException(operation + " failed", cause);
        }
      }

      @Override
      void cancel() {
        // Never interrupt: an interrupted thread in the middle of an SDK call can leave its HTTP
        // connection half-read, and later calls on that connection then hang (the benchmarks
        // stalled at 0 logins/s). A call that is no longer needed simply finishes unread.
        future.cancel(false);
      }

      @Override
      java.util.Optional<T> settle() {
        try {
          return java.util.Optional.ofNullable(future.get());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return java.util.Optional.empty();
        } catch (ExecutionException | CancellationException e) {
          return java.util.Optional.empty();
        }
      }
    };
  }
}
