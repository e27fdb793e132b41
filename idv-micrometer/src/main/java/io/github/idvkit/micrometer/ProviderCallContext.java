package io.github.idvkit.micrometer;

import io.micrometer.observation.Observation;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What an {@code idv.provider.call} observation knows: the provider, the port and operation,
 * whether the provider bills the call, and the model version its result reported.
 */
public final class ProviderCallContext extends Observation.Context {

  private final String provider;
  private final String port;
  private final String operation;
  private final boolean billed;
  private @Nullable String modelVersion;

  /**
   * Creates the context of one call.
   *
   * @param provider the provider's name
   * @param port the port ({@code face_index}, ...)
   * @param operation the port's method ({@code search}, ...)
   * @param billed whether the provider bills the call
   */
  public ProviderCallContext(String provider, String port, String operation, boolean billed) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.port = Objects.requireNonNull(port, "port");
    this.operation = Objects.requireNonNull(operation, "operation");
    this.billed = billed;
  }

  /**
   * Returns the provider's name.
   *
   * @return the name
   */
  public String provider() {
    return provider;
  }

  /**
   * Returns the port.
   *
   * @return the port
   */
  public String port() {
    return port;
  }

  /**
   * Returns the port's method.
   *
   * @return the operation
   */
  public String operation() {
    return operation;
  }

  /**
   * Returns whether the provider bills the call.
   *
   * @return whether it is billed
   */
  public boolean billed() {
    return billed;
  }

  /**
   * Returns the face model version the call's result reported.
   *
   * @return the version
   */
  public Optional<String> modelVersion() {
    return Optional.ofNullable(modelVersion);
  }

  void modelVersion(String modelVersion) {
    this.modelVersion = modelVersion;
  }
}
