package io.github.idvkit.testkit;

import io.github.idvkit.ConfigurationException;
import io.github.idvkit.ProviderException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A failure scripted on a fake through {@link Faults}: what the next call throws, and whether it
 * throws before or after its side effect.
 *
 * <pre>{@code
 * index.faults().failNext("index", Fault.throttled());                    // nothing is indexed
 * index.faults().failNext("index", Fault.afterSideEffect(Fault.timeout())); // indexed, then throws
 * store.faults().failNext(Fault.serverError());                            // whatever comes next
 * }</pre>
 *
 * <p>Provider failures are {@link ProviderException}s of the matching {@link
 * ProviderException.Kind}, so {@link ProviderException#retryable()} is what a real provider's
 * would be. Instances are immutable.
 */
public final class Fault {

  private final String description;
  private final ProviderException.@Nullable Kind kind;
  private final @Nullable Supplier<? extends RuntimeException> exception;
  private final boolean afterSideEffect;
  private final Duration latency;

  private Fault(
      String description,
      ProviderException.@Nullable Kind kind,
      @Nullable Supplier<? extends RuntimeException> exception,
      boolean afterSideEffect,
      Duration latency) {
    this.description = description;
    this.kind = kind;
    this.exception = exception;
    this.afterSideEffect = afterSideEffect;
    this.latency = latency;
  }

  /**
   * Returns a throttling failure: a retryable {@link ProviderException} of kind {@link
   * ProviderException.Kind#THROTTLED}.
   *
   * @return the fault
   */
  public static Fault throttled() {
    return provider(ProviderException.Kind.THROTTLED);
  }

  /**
   * Returns a time-out: a retryable {@link ProviderException} of kind {@link
   * ProviderException.Kind#TIMEOUT}.
   *
   * @return the fault
   */
  public static Fault timeout() {
    return provider(ProviderException.Kind.TIMEOUT);
  }

  /**
   * Returns a provider outage (an HTTP 5xx): a retryable {@link ProviderException} of kind {@link
   * ProviderException.Kind#UNAVAILABLE}.
   *
   * @return the fault
   */
  public static Fault serverError() {
    return provider(ProviderException.Kind.UNAVAILABLE);
  }

  /**
   * Returns a write conflict: a retryable {@link ProviderException} of kind {@link
   * ProviderException.Kind#CONFLICT}.
   *
   * @return the fault
   */
  public static Fault conflict() {
    return provider(ProviderException.Kind.CONFLICT);
  }

  /**
   * Returns a refused request: a {@link ProviderException} of kind {@link
   * ProviderException.Kind#REJECTED}, not retryable.
   *
   * @return the fault
   */
  public static Fault rejected() {
    return provider(ProviderException.Kind.REJECTED);
  }

  /**
   * Returns a {@link ProviderException} of any kind.
   *
   * @param kind the kind
   * @return the fault
   */
  public static Fault provider(ProviderException.Kind kind) {
    Objects.requireNonNull(kind, "kind");
    return new Fault(kind.name().toLowerCase(java.util.Locale.ROOT), kind, null, false, Duration.ZERO);
  }

  /**
   * Returns a denied access: a {@link ConfigurationException}, as a missing permission or resource
   * gives.
   *
   * @return the fault
   */
  public static Fault accessDenied() {
    return exception(
        () -> new ConfigurationException("Access denied (scripted fault); grant the permission"));
  }

  /**
   * Returns a fault that throws whatever {@code exception} supplies, for example an {@link
   * io.github.idvkit.InvalidImageException} or a bug-like {@link IllegalStateException}.
   *
   * @param exception makes the exception, once per failing call
   * @return the fault
   */
  public static Fault exception(Supplier<? extends RuntimeException> exception) {
    Objects.requireNonNull(exception, "exception");
    return new Fault("exception", null, exception, false, Duration.ZERO);
  }

  /**
   * Returns {@code fault} thrown after the call's side effect: the write happens (a face is indexed,
   * an image or record stored, a deletion done), then the call throws, as when a response is lost
   * on the way back. On a call without side effects the result is computed, then dropped.
   *
   * @param fault the failure to throw
   * @return the fault
   * @throws IllegalArgumentException if {@code fault} throws nothing ({@link #latency})
   */
  public static Fault afterSideEffect(Fault fault) {
    Objects.requireNonNull(fault, "fault");
    if (!fault.throwsSomething()) {
      throw new IllegalArgumentException("afterSideEffect needs a fault that throws");
    }
    return new Fault(
        fault.description + " after side effect", fault.kind, fault.exception, true, fault.latency);
  }

  /**
   * Returns a delay, not a failure: the call sleeps for {@code latency}, then runs normally. Use it
   * to test time-outs and concurrent execution.
   *
   * @param latency how long to sleep
   * @return the fault
   * @throws IllegalArgumentException if {@code latency} is negative
   */
  public static Fault latency(Duration latency) {
    Objects.requireNonNull(latency, "latency");
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative");
    }
    return new Fault("latency " + latency, null, null, false, latency);
  }

  /**
   * Tells whether the call's side effect happens before this fault is thrown.
   *
   * @return {@code true} if the failure comes after the side effect
   */
  public boolean afterSideEffect() {
    return afterSideEffect;
  }

  /**
   * Returns how long the call sleeps before it runs.
   *
   * @return the delay, zero for a plain failure
   */
  public Duration latency() {
    return latency;
  }

  boolean throwsSomething() {
    return kind != null || exception != null;
  }

  RuntimeException exception(String provider, String operation, String requestId) {
    if (kind != null) {
      return new ProviderException(
          kind, provider, operation, requestId, "scripted fault (" + description + ")", null);
    }
    if (exception != null) {
      return exception.get();
    }
    throw new IllegalStateException("A latency fault throws nothing");
  }

  /** Returns what the fault does, for example {@code Fault[throttled after side effect]}. */
  @Override
  public String toString() {
    return "Fault[" + description + "]";
  }
}
