package io.github.idvkit;

/**
 * How a flow runs its independent provider calls (quality gate, ID comparison, duplicate search).
 * Both modes reach the same decision for the same inputs.
 */
public enum ExecutionMode {
  /**
   * One call after another, stopping at the first rejection: a selfie with no face costs one call.
   * The default, cheapest mode.
   */
  SEQUENTIAL,
  /**
   * Independent calls at once on the verifier's executor: lowest latency, but a rejected selfie
   * may still cost every call.
   */
  CONCURRENT
}
