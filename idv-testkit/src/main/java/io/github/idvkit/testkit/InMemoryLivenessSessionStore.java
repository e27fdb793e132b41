package io.github.idvkit.testkit;

import io.github.idvkit.LivenessSessionId;
import io.github.idvkit.spi.LivenessSession;
import io.github.idvkit.spi.LivenessSessionStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link LivenessSessionStore} in memory. Two verifiers given the same store behave as two app
 * instances sharing one table.
 *
 * <p>Thread-safe. Operations for {@link Faults}: {@code "create"}, {@code "find"}, {@code
 * "markUsed"}.
 */
public final class InMemoryLivenessSessionStore implements LivenessSessionStore, ScriptableFake {

  private record Entry(LivenessSession session, Instant expiresAt) {}

  private final PortScript script =
      new PortScript(
          FakeFaceDetector.PROVIDER, "InMemoryLivenessSessionStore", Set.of("create", "find", "markUsed"));
  private final Map<LivenessSessionId, Entry> sessions = new HashMap<>();

  private InMemoryLivenessSessionStore() {}

  /**
   * Returns an empty store.
   *
   * @return the store
   */
  public static InMemoryLivenessSessionStore create() {
    return new InMemoryLivenessSessionStore();
  }

  @Override
  public boolean create(LivenessSession session, Instant expiresAt) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(expiresAt, "expiresAt");
    return script.compute("create", List.of(session.sessionId(), expiresAt), () -> {
      synchronized (sessions) {
        return sessions.putIfAbsent(session.sessionId(), new Entry(session, expiresAt)) == null;
      }
    });
  }

  @Override
  public Optional<LivenessSession> find(LivenessSessionId sessionId, Instant now) {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(now, "now");
    return script.compute("find", List.of(sessionId), () -> {
      synchronized (sessions) {
        Entry entry = sessions.get(sessionId);
        return entry == null || now.isAfter(entry.expiresAt()) ? Optional.<LivenessSession>empty()
            : Optional.of(entry.session());
      }
    });
  }

  @Override
  public boolean markUsed(LivenessSessionId sessionId, Instant usedAt) {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(usedAt, "usedAt");
    return script.compute("markUsed", List.of(sessionId, usedAt), () -> {
      synchronized (sessions) {
        Entry entry = sessions.get(sessionId);
        if (entry == null || entry.session().usedAt().isPresent()) {
          return false;
        }
        LivenessSession used = LivenessSession.builder().from(entry.session()).usedAt(usedAt).build();
        sessions.put(sessionId, new Entry(used, entry.expiresAt()));
        return true;
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
