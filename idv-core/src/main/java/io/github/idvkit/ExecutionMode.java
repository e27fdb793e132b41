package io.github.idvkit;

/**
 * How a flow runs its independent provider calls (quality gate, ID comparison, duplicate search).
 * Both modes reach the same decision for the same inputs.
 */
public enum ExecutionMode {
  /**
   * One call after another, stopping at the first rejection: a selfie with no face costs one call,
   * a good one waits for every call in turn.
   */
  SEQUENTIAL,
  /**
   * Independent calls at once on the verifier's executor: the default. A good selfie costs the
   * same calls as in {@link #SEQUENTIAL} (a call the policy does not need is never started), in
   * the time of the slowest; a refused one may cost a call that sequential mode would have
   * skipped (an ID comparison already under way when the gate refuses).
   */
  CONCURRENT
}
