package io.github.idvkit.spi;

import io.github.idvkit.Flow;
import io.github.idvkit.LivenessSessionId;
import java.time.Instant;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The server's binding of a liveness session to the user and flow it was started for, kept in a
 * {@link LivenessSessionStore} so that every app instance sees it. The session is accepted only for
 * that user and flow, once ({@link #usedAt()}), inside its lifetime from {@link #createdAt()}.
 */
@Value.Immutable
public interface LivenessSession {

  /** The provider's session id. */
  LivenessSessionId sessionId();

  /**
   * The user the session was started for, as a one-way digest (64 hex characters of the SHA-256 of
   * the user id): bindings hold no raw user id.
   */
  String subject();

  /** The flow the session was started for: {@link Flow#REGISTER} or {@link Flow#LOGIN}. */
  Flow flow();

  /** When the server created the session. */
  Instant createdAt();

  /** When a register or login consumed the session; absent while unused. */
  Optional<Instant> usedAt();

  /** Checks the subject's shape and the flow. */
  @Value.Check
  default void check() {
    if (!subject().matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("A liveness session's subject is a SHA-256 in hex");
    }
    if (flow() != Flow.REGISTER && flow() != Flow.LOGIN) {
      throw new IllegalArgumentException("A liveness session is for REGISTER or LOGIN, not " + flow());
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

  /** Builds {@link LivenessSession}. */
  final class Builder extends ImmutableLivenessSession.Builder {}
}
