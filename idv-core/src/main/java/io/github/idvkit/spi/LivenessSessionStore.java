package io.github.idvkit.spi;

import io.github.idvkit.LivenessSessionId;
import java.time.Instant;
import java.util.Optional;

/**
 * Keeps the server's {@link LivenessSession} bindings, shared by every app instance, so that a
 * session is accepted once, for the user and flow it was started for, whichever instance the
 * register or login lands on.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Thread-safe.
 *   <li>{@link #create} is conditional: it writes only if no binding exists for the session id,
 *       and says whether it wrote.
 *   <li>{@link #find} sees every write that returned before it (read-after-write); empty for an
 *       unknown session or one past its expiry.
 *   <li>{@link #markUsed} is conditional: it writes only if the binding exists and is unused, and
 *       says whether it wrote; of concurrent calls for one session exactly one wins.
 *   <li>A binding may be forgotten by the store once {@code expiresAt} (given to {@link #create})
 *       has passed, and is never returned after it.
 * </ul>
 */
public interface LivenessSessionStore {

  /**
   * Writes a binding unless one exists for its session.
   *
   * @param session the binding, unused
   * @param expiresAt when the store may forget it
   * @return {@code true} if written
   * @throws io.github.idvkit.ConfigurationException if the store does not exist or access is denied
   * @throws io.github.idvkit.ProviderException if the store fails
   */
  boolean create(LivenessSession session, Instant expiresAt);

  /**
   * Reads a binding.
   *
   * @param sessionId the session
   * @param now the current time, to hide expired bindings
   * @return the binding, or empty if none (or expired)
   * @throws io.github.idvkit.ProviderException if the store fails
   */
  Optional<LivenessSession> find(LivenessSessionId sessionId, Instant now);

  /**
   * Marks a binding used, if it exists and is unused.
   *
   * @param sessionId the session
   * @param usedAt when it is used
   * @return {@code true} if this call marked it; {@code false} if it was used already or is unknown
   * @throws io.github.idvkit.ProviderException if the store fails
   */
  boolean markUsed(LivenessSessionId sessionId, Instant usedAt);
}
