package io.github.idvkit.spi;

/**
 * When a write to a port becomes visible to its reads, as a port declares it (jclouds'
 * {@code ConsistencyModel} for blob stores is the model). Core keeps every promise under the weaker
 * of the two.
 */
public enum Consistency {
  /** A read that starts after a write returned sees it. */
  READ_AFTER_WRITE,
  /**
   * A write becomes visible to reads some time after it returned, and writes become visible in the
   * order they were made (a read that sees a write sees every write that returned before it began).
   */
  EVENTUAL
}
