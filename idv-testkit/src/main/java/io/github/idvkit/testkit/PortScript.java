package io.github.idvkit.testkit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * The machinery every fake shares: records calls, applies scripted {@link Faults} and hands out
 * the read numbers and visibility stamps that make {@link Faults#lag(int)} work with {@link
 * LaggingMap}.
 */
final class PortScript {

  private final String provider;
  private final String port;
  private final Faults faults;
  private final List<Call> calls = new ArrayList<>();
  private int taken;
  private long reads;
  private long requests;

  PortScript(String provider, String port, Set<String> operations) {
    this.provider = provider;
    this.port = port;
    this.faults = new Faults(port, operations);
  }

  Faults faults() {
    return faults;
  }

  synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  synchronized Call takeCall() {
    if (taken >= calls.size()) {
      throw new NoSuchElementException(
          port + " received no call after the " + taken + " already taken");
    }
    return calls.get(taken++);
  }

  /** Runs a call without a side effect on stored state. */
  <T> T compute(String operation, List<?> arguments, java.util.function.Supplier<T> action) {
    return run(operation, arguments, stamp -> action.get(), Stamp.NONE);
  }

  /** Runs a read: {@code action} gets the read's number, for {@link LaggingMap} lookups. */
  <T> T read(String operation, List<?> arguments, LongFunction<T> action) {
    return run(operation, arguments, action, Stamp.READ);
  }

  /** Runs a write: {@code action} gets the read number from which its writes are visible. */
  <T> T write(String operation, List<?> arguments, LongFunction<T> action) {
    return run(operation, arguments, action, Stamp.WRITE);
  }

  private enum Stamp {
    NONE,
    READ,
    WRITE
  }

  private <T> T run(String operation, List<?> arguments, LongFunction<T> action, Stamp kind) {
    String requestId = record(operation, arguments);
    Optional<Fault> fault = faults.take(operation);
    if (fault.isPresent()) {
      sleep(fault.get());
      if (fault.get().throwsSomething() && !fault.get().afterSideEffect()) {
        throw fault.get().exception(provider, operation, requestId);
      }
    }
    long stamp = stamp(kind);
    T result = action.apply(stamp);
    if (fault.isPresent() && fault.get().afterSideEffect()) {
      throw fault.get().exception(provider, operation, requestId);
    }
    return result;
  }

  private synchronized String record(String operation, List<?> arguments) {
    List<Object> copied = new ArrayList<>(arguments.size());
    for (Object argument : arguments) {
      copied.add(argument instanceof Collection<?> c ? List.copyOf(c) : argument);
    }
    calls.add(Call.of(operation, copied));
    return port + "-" + (++requests);
  }

  private synchronized long stamp(Stamp kind) {
    return switch (kind) {
      case NONE -> reads;
      case READ -> ++reads;
      case WRITE -> reads + faults.currentLag() + 1;
    };
  }

  private static void sleep(Fault fault) {
    if (fault.latency().isZero()) {
      return;
    }
    try {
      Thread.sleep(fault.latency().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
