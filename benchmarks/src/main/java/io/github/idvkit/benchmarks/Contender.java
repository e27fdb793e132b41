package io.github.idvkit.benchmarks;

/** One side of a comparison: the tutorial's flow or an idv configuration. */
interface Contender extends AutoCloseable {

  /** A short name for tables. */
  String name();

  /**
   * Registers a subject with their selfie and ID photo.
   *
   * @return whether the subject ended up registered
   */
  boolean register(Subject subject);

  /**
   * Logs a registered subject in with their login selfie.
   *
   * @return whether the login succeeded
   */
  boolean login(Subject subject);

  /**
   * Erases a subject's registration (idv's {@code forget}); the tutorial has none.
   *
   * @throws UnsupportedOperationException for the tutorial
   */
  void forget(Subject subject);

  @Override
  void close();
}
