package io.github.idvkit.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.Flow;
import io.github.idvkit.LivenessSessionId;
import io.github.idvkit.spi.LivenessSession;
import io.github.idvkit.spi.LivenessSessionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link LivenessSessionStore}: every implementation passes this suite, including
 * two instances that share one store.
 */
public abstract class LivenessSessionStoreContract {

  private static final Instant T0 = Instant.parse("2026-12-02T10:15:30Z");
  private static final Instant EXPIRES = T0.plus(Duration.ofMinutes(6));
  private static final String SUBJECT = "ab".repeat(32);

  private LivenessSessionStore store;

  /** Creates the suite. */
  protected LivenessSessionStoreContract() {}

  /**
   * Returns the store to test; called before every test. Session ids are new per test.
   *
   * @return the store
   */
  protected abstract LivenessSessionStore newSubject();

  /**
   * Returns a second instance over the same store as the last {@link #newSubject()}.
   *
   * @return the second instance
   */
  protected abstract LivenessSessionStore secondInstance();

  /** Releases what {@link #newSubject()} made; called after every test. */
  protected void cleanUp() {}

  @BeforeEach
  final void createSubject() {
    store = newSubject();
  }

  @AfterEach
  final void releaseSubject() {
    cleanUp();
  }

  private static LivenessSession session(Flow flow) {
    return LivenessSession.builder()
        .sessionId(LivenessSessionId.of(UUID.randomUUID().toString()))
        .subject(SUBJECT)
        .flow(flow)
        .createdAt(T0)
        .build();
  }

  @Test
  void create_thenFind_returnsTheBinding() {
    LivenessSession session = session(Flow.LOGIN);

    assertThat(store.create(session, EXPIRES)).isTrue();

    assertThat(store.find(session.sessionId(), T0)).contains(session);
  }

  @Test
  void create_ofAnExistingSession_writesNothing() {
    LivenessSession session = session(Flow.LOGIN);
    store.create(session, EXPIRES);

    boolean again = store.create(LivenessSession.builder().from(session).flow(Flow.REGISTER).build(), EXPIRES);

    assertThat(again).isFalse();
    assertThat(store.find(session.sessionId(), T0).orElseThrow().flow()).isEqualTo(Flow.LOGIN);
  }

  @Test
  void find_ofAnUnknownSession_isEmpty() {
    assertThat(store.find(LivenessSessionId.of(UUID.randomUUID().toString()), T0)).isEmpty();
  }

  @Test
  void find_afterExpiry_isEmpty() {
    LivenessSession session = session(Flow.REGISTER);
    store.create(session, EXPIRES);

    assertThat(store.find(session.sessionId(), EXPIRES.plusSeconds(1))).isEmpty();
  }

  @Test
  void markUsed_succeedsOnce() {
    LivenessSession session = session(Flow.REGISTER);
    store.create(session, EXPIRES);

    assertThat(store.markUsed(session.sessionId(), T0.plusSeconds(10))).isTrue();
    assertThat(store.markUsed(session.sessionId(), T0.plusSeconds(11))).isFalse();
    assertThat(store.find(session.sessionId(), T0.plusSeconds(12)).orElseThrow().usedAt())
        .contains(T0.plusSeconds(10));
  }

  @Test
  void markUsed_ofAnUnknownSession_isFalse() {
    assertThat(store.markUsed(LivenessSessionId.of(UUID.randomUUID().toString()), T0)).isFalse();
  }

  @Test
  void markUsed_concurrentlyOnTwoInstances_exactlyOneWins() {
    LivenessSession session = session(Flow.LOGIN);
    store.create(session, EXPIRES);
    LivenessSessionStore other = secondInstance();

    List<Boolean> wins =
        Concurrently.run(8, n -> (n % 2 == 0 ? store : other).markUsed(session.sessionId(), T0.plusSeconds(n)));

    assertThat(wins).containsOnlyOnce(true);
    assertThat(other.find(session.sessionId(), T0).orElseThrow().usedAt()).isPresent();
  }
}
