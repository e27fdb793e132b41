package io.github.idvkit.spi;

import io.github.idvkit.LivenessSessionId;
import java.util.Optional;

/**
 * A provider's face liveness check: it creates sessions that a client-side component (such as AWS
 * Amplify's {@code FaceLivenessDetector}) runs with the user's camera, and reports a session's
 * result. Facts only: whether a live person passed and how sure the provider is; the threshold,
 * the binding to a user and flow, single use and lifetime are decided in core.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Thread-safe.
 *   <li>{@link #createSession} returns a new session id each call, in state {@link
 *       LivenessState#CREATED}; it asks the provider for at most {@code auditImagesLimit} audit
 *       images (0-4).
 *   <li>{@link #result} returns the session's current state; empty for a session the provider does
 *       not know (never created, or forgotten by the provider).
 *   <li>A result carries a confidence and a reference image only once the check ran ({@link
 *       LivenessState#SUCCEEDED}, or {@link LivenessState#FAILED} with a confidence); at most as
 *       many audit images as the session asked for. Absent facts stay absent.
 *   <li>{@link #result} has no side effect: reading a session twice returns the same facts.
 * </ul>
 */
public interface LivenessCheck {

  /**
   * Creates a liveness session for the client to run.
   *
   * @param auditImagesLimit how many audit images the session keeps, 0-4
   * @return the new session's id
   * @throws IllegalArgumentException if the limit is outside 0-4
   * @throws io.github.idvkit.ConfigurationException if access is denied or an output location is
   *     missing
   * @throws io.github.idvkit.ProviderException if the provider fails
   */
  LivenessSessionId createSession(int auditImagesLimit);

  /**
   * Reads a session's result.
   *
   * @param sessionId the session
   * @return the result, or empty if the provider does not know the session
   * @throws io.github.idvkit.ConfigurationException if access is denied
   * @throws io.github.idvkit.ProviderException if the provider fails
   */
  Optional<LivenessResult> result(LivenessSessionId sessionId);
}
