package io.github.idvkit.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.spi.AttemptLimiter;
import io.github.idvkit.spi.AttemptRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link AttemptLimiter}: every implementation passes this suite, including two
 * instances that share one store (two app instances).
 *
 * <pre>{@code
 * class InMemoryAttemptLimiterTest extends AttemptLimiterContract {
 *   private final InMemoryAttemptLimiter shared = InMemoryAttemptLimiter.create();
 *   @Override protected AttemptLimiter newSubject() { return shared; }
 *   @Override protected AttemptLimiter secondInstance() { return shared; }
 * }
 * }</pre>
 */
public abstract class AttemptLimiterContract {

  private static final Instant T0 = Instant.parse("2026-12-02T10:15:30Z");
  private static final Instant FAR = T0.plus(Duration.ofDays(1));

  private AttemptLimiter limiter;

  /** Creates the suite. */
  protected AttemptLimiterContract() {}

  /**
   * Returns the limiter to test; called before every test. Keys are new per test.
   *
   * @return the limiter
   */
  protected abstract AttemptLimiter newSubject();

  /**
   * Returns a second instance over the same store as the last {@link #newSubject()}, as another
   * app instance would build it (a new object, where the implementation allows).
   *
   * @return the second instance
   */
  protected abstract AttemptLimiter secondInstance();

  /** Releases what {@link #newSubject()} made; called after every test. */
  protected void cleanUp() {}

  @BeforeEach
  final void createSubject() {
    limiter = newSubject();
  }

  @AfterEach
  final void releaseSubject() {
    cleanUp();
  }

  private static String newKey() {
    return "u:" + UUID.randomUUID().toString().replace("-", "");
  }

  @Test
  void find_withoutFailures_isEmpty() {
    assertThat(limiter.find(newKey(), T0)).isEmpty();
  }

  @Test
  void recordFailure_countsConsecutiveFailures() {
    String key = newKey();

    AttemptRecord first = limiter.recordFailure(key, T0, FAR);
    AttemptRecord second = limiter.recordFailure(key, T0.plusSeconds(5), FAR);

    assertThat(first.consecutiveFailures()).isEqualTo(1);
    assertThat(second.consecutiveFailures()).isEqualTo(2);
    assertThat(second.key()).isEqualTo(key);
    assertThat(limiter.find(key, T0.plusSeconds(6))).hasValueSatisfying(found -> {
      assertThat(found.consecutiveFailures()).isEqualTo(2);
      assertThat(found.lastFailureAt()).isEqualTo(T0.plusSeconds(5));
    });
  }

  @Test
  void reset_forgetsTheKeysFailures_andIsIdempotent() {
    String key = newKey();
    limiter.recordFailure(key, T0, FAR);

    limiter.reset(key);
    limiter.reset(key);

    assertThat(limiter.find(key, T0)).isEmpty();
    assertThat(limiter.recordFailure(key, T0.plusSeconds(1), FAR).consecutiveFailures()).isEqualTo(1);
  }

  @Test
  void keys_countSeparately() {
    String a = newKey();
    String b = newKey();

    limiter.recordFailure(a, T0, FAR);
    limiter.recordFailure(a, T0, FAR);
    limiter.recordFailure(b, T0, FAR);

    assertThat(limiter.find(a, T0).orElseThrow().consecutiveFailures()).isEqualTo(2);
    assertThat(limiter.find(b, T0).orElseThrow().consecutiveFailures()).isEqualTo(1);
  }

  @Test
  void find_afterExpiry_isEmpty_andCountingStartsOver() {
    String key = newKey();
    Instant expiresAt = T0.plusSeconds(60);
    limiter.recordFailure(key, T0, expiresAt);
    limiter.recordFailure(key, T0, expiresAt);

    assertThat(limiter.find(key, T0.plusSeconds(61))).isEmpty();
    assertThat(limiter.recordFailure(key, T0.plusSeconds(62), FAR).consecutiveFailures()).isEqualTo(1);
  }

  @Test
  void secondInstance_seesTheFirstInstancesWrites() {
    String key = newKey();
    AttemptLimiter other = secondInstance();

    limiter.recordFailure(key, T0, FAR);
    other.recordFailure(key, T0.plusSeconds(1), FAR);

    assertThat(limiter.find(key, T0.plusSeconds(2)).orElseThrow().consecutiveFailures()).isEqualTo(2);
    other.reset(key);
    assertThat(limiter.find(key, T0.plusSeconds(2))).isEmpty();
  }

  @Test
  void recordFailure_concurrentlyOnTwoInstances_countsEveryFailureOnce() {
    String key = newKey();
    AttemptLimiter other = secondInstance();
    int tasks = 16;

    List<Integer> counts =
        Concurrently.run(tasks, n -> (n % 2 == 0 ? limiter : other).recordFailure(key, T0, FAR).consecutiveFailures());

    List<Integer> expected = new ArrayList<>();
    for (int i = 1; i <= tasks; i++) {
      expected.add(i);
    }
    assertThat(counts).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(limiter.find(key, T0).orElseThrow().consecutiveFailures()).isEqualTo(tasks);
  }

  @Test
  void everyOperation_withAMalformedKey_throwsIllegalArgument() {
    assertThatThrownBy(() -> limiter.find("has space", T0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> limiter.recordFailure("", T0, FAR)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> limiter.reset("x".repeat(129))).isInstanceOf(IllegalArgumentException.class);
  }
}
