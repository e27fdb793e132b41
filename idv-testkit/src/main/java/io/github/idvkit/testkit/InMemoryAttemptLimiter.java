package io.github.idvkit.testkit;

import io.github.idvkit.spi.AttemptLimiter;
import io.github.idvkit.spi.AttemptRecord;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An {@link AttemptLimiter} in memory: counts for one process (or for several verifiers given the
 * same limiter, as app instances sharing one store would).
 *
 * <p>Thread-safe. Operations for {@link Faults}: {@code "find"}, {@code "recordFailure"}, {@code
 * "reset"}.
 */
public final class InMemoryAttemptLimiter implements AttemptLimiter, ScriptableFake {

  private record Entry(AttemptRecord record, Instant expiresAt) {}

  private final PortScript script =
      new PortScript(
          FakeFaceDetector.PROVIDER, "InMemoryAttemptLimiter", Set.of("find", "recordFailure", "reset"));
  private final Map<String, Entry> records = new HashMap<>();

  private InMemoryAttemptLimiter() {}

  /**
   * Returns a limiter that has counted nothing.
   *
   * @return the limiter
   */
  public static InMemoryAttemptLimiter create() {
    return new InMemoryAttemptLimiter();
  }

  @Override
  public Optional<AttemptRecord> find(String key, Instant now) {
    AttemptLimiter.requireKey(key);
    Objects.requireNonNull(now, "now");
    return script.compute("find", List.of(key), () -> {
      synchronized (records) {
        Entry entry = records.get(key);
        return entry == null || now.isAfter(entry.expiresAt())
            ? Optional.<AttemptRecord>empty() : Optional.of(entry.record());
      }
    });
  }

  @Override
  public AttemptRecord recordFailure(String key, Instant at, Instant expiresAt) {
    AttemptLimiter.requireKey(key);
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(expiresAt, "expiresAt");
    return script.compute("recordFailure", List.of(key, at), () -> {
      synchronized (records) {
        Entry entry = records.get(key);
        int previous = entry == null || at.isAfter(entry.expiresAt()) ? 0 : entry.record().consecutiveFailures();
        AttemptRecord record =
            AttemptRecord.builder().key(key).consecutiveFailures(previous + 1).lastFailureAt(at).build();
        records.put(key, new Entry(record, expiresAt));
        return record;
      }
    });
  }

  @Override
  public void reset(String key) {
    AttemptLimiter.requireKey(key);
    script.compute("reset", List.of(key), () -> {
      synchronized (records) {
        return records.remove(key);
      }
    });
  }

  @Override
  public Faults faults() {
    return script.faults();
  }

  @Override
  public List<Call> calls() {
    return script.calls();
  }

  @Override
  public Call takeCall() {
    return script.takeCall();
  }
}
