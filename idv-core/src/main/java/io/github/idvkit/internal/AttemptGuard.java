package io.github.idvkit.internal;

import io.github.idvkit.UserId;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.spi.AttemptLimiter;
import io.github.idvkit.spi.AttemptRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy's attempt limits over an {@link AttemptLimiter}: consecutive failures per user and
 * per caller-supplied key, checked before any provider call. Without a limiter, nothing is limited.
 * Not API.
 */
final class AttemptGuard {

  private static final Logger LOG = LoggerFactory.getLogger(AttemptGuard.class);
  /** How long a key's failures are remembered after the longest lock-out ends. */
  private static final Duration MEMORY = Duration.ofDays(1);

  private final @Nullable AttemptLimiter limiter;
  private final VerificationPolicy policy;
  private final Clock clock;

  AttemptGuard(@Nullable AttemptLimiter limiter, VerificationPolicy policy, Clock clock) {
    this.limiter = limiter;
    this.policy = policy;
    this.clock = clock;
  }

  /** The limiter keys of an attempt: the user's and, if given, the caller's key, as digests. */
  static List<String> keys(UserId user, Optional<String> attemptKey) {
    List<String> keys = new ArrayList<>(2);
    keys.add("u:" + Digests.sha256("user\u0000" + user.value()));
    attemptKey.ifPresent(key -> keys.add("k:" + Digests.sha256("key\u0000" + key)));
    return keys;
  }

  /** How long the attempt must wait; empty if it may go on. Reads only the limiter's store. */
  Optional<Duration> lockedFor(List<String> keys, boolean withLiveness) {
    if (limiter == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Duration longest = Duration.ZERO;
    for (String key : keys) {
      Optional<AttemptRecord> record = limiter.find(key, now);
      if (record.isEmpty()) {
        continue;
      }
      Duration lockout = policy.lockoutAfter(record.get().consecutiveFailures(), withLiveness);
      Duration left = Duration.between(now, record.get().lastFailureAt().plus(lockout));
      if (left.compareTo(longest) > 0) {
        longest = left;
      }
    }
    return longest.isZero() ? Optional.empty() : Optional.of(longest);
  }

  void failed(List<String> keys) {
    if (limiter == null) {
      return;
    }
    Instant now = clock.instant();
    for (String key : keys) {
      AttemptRecord record = limiter.recordFailure(key, now, now.plus(policy.maxLockoutDelay()).plus(MEMORY));
      LOG.debug("Failed attempt counted [failures={}]", record.consecutiveFailures());
    }
  }

  void succeeded(List<String> keys) {
    if (limiter == null) {
      return;
    }
    keys.forEach(limiter::reset);
  }
}
