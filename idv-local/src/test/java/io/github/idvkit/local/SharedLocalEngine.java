package io.github.idvkit.local;

/** One public engine for the whole test JVM; never closed. */
public final class SharedLocalEngine {

  private static LocalFaceEngine engine;

  private SharedLocalEngine() {}

  /**
   * Returns the shared engine.
   *
   * @return the engine
   */
  public static synchronized LocalFaceEngine get() {
    if (engine == null) {
      engine = LocalFaceEngine.create();
    }
    return engine;
  }
}
