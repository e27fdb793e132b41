package io.github.idvkit.spi;

import java.time.Instant;
import org.immutables.value.Value;

/** The consecutive failed attempts an {@link AttemptLimiter} counted for one key. */
@Value.Immutable
public interface AttemptRecord {

  /** The key, as given to the limiter. */
  String key();

  /** Failed attempts since the last success, at least 1. */
  int consecutiveFailures();

  /** When the latest failure happened. */
  Instant lastFailureAt();

  /** Checks the count. */
  @Value.Check
  default void check() {
    if (consecutiveFailures() < 1) {
      throw new IllegalArgumentException("An attempt record counts at least one failure");
    }
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  static Builder builder() {
    return new Builder();
  }

  /** Builds {@link AttemptRecord}. */
  final class Builder extends ImmutableAttemptRecord.Builder {}
}
