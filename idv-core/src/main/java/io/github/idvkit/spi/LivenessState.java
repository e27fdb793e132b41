package io.github.idvkit.spi;

/** Where a liveness session stands, as its provider reports it. */
public enum LivenessState {
  /** Created; the client has not started the check. */
  CREATED,
  /** The client is running the check. */
  IN_PROGRESS,
  /** The check ran; see the confidence for how sure the provider is that a live person was there. */
  SUCCEEDED,
  /** The check could not be completed (for example the face left the frame). */
  FAILED,
  /** The session's lifetime ended before the check completed. */
  EXPIRED
}
