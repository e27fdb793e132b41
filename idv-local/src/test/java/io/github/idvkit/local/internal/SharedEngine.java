package io.github.idvkit.local.internal;

/** One engine for the whole test JVM: loading the models takes about half a second. */
public final class SharedEngine {

  private static FaceEngine engine;

  private SharedEngine() {}

  /**
   * Returns the shared engine, with default settings; it is never closed.
   *
   * @return the engine
   */
  public static synchronized FaceEngine get() {
    if (engine == null) {
      try {
        engine = FaceEngine.create(EngineSettings.defaults());
      } catch (Exception e) {
        throw new IllegalStateException("Could not load the face engine", e);
      }
    }
    return engine;
  }
}
