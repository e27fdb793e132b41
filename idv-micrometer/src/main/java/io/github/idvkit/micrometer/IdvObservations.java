package io.github.idvkit.micrometer;

import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.spi.PortDecorator;
import io.micrometer.observation.ObservationRegistry;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Observes idv with Micrometer: {@link #observe(IdentityVerifier)} wraps a verifier so each flow
 * makes one {@code idv.flow} observation, and {@link #ports()} wraps the provider's ports so each
 * provider call makes one {@code idv.provider.call} observation inside it. Works with any provider
 * and without Spring.
 *
 * <pre>{@code
 * IdvObservations observations = IdvObservations.builder(observationRegistry).provider("local").build();
 * IdentityVerifier idv = observations.observe(LocalIdentityVerifier.builder()
 *     .dataDirectory(dir)
 *     .decoratePorts(observations.ports())
 *     .build());
 * }</pre>
 *
 * <p>Timers, traces and logs come from the handlers registered on the {@link ObservationRegistry}
 * (e.g. Micrometer's {@code DefaultMeterObservationHandler}); add {@link
 * BilledCallsMeterObservationHandler} to count billed calls. Tags are low-cardinality only (see
 * {@link IdvObservationDocumentation}). Thread-safe.
 */
public final class IdvObservations {

  /**
   * The Rekognition operations AWS bills per call: detect, compare, index, both searches and
   * association ({@code AssociateFaces}).
   */
  public static final Set<String> AWS_BILLED_OPERATIONS = Set.of("face_detector.detect",
      "face_comparer.compare", "face_index.index", "face_index.search", "face_index.search_faces",
      "face_index.associate");

  private final ObservationRegistry registry;
  private final String provider;
  private final Set<String> billedOperations;
  private final @Nullable FlowObservationConvention flowConvention;
  private final @Nullable ProviderCallObservationConvention providerCallConvention;

  private IdvObservations(Builder builder) {
    this.registry = builder.registry;
    this.provider = builder.provider;
    this.billedOperations =
        builder.billedOperations != null
            ? builder.billedOperations
            : "aws".equals(builder.provider) ? AWS_BILLED_OPERATIONS : Set.of();
    this.flowConvention = builder.flowConvention;
    this.providerCallConvention = builder.providerCallConvention;
  }

  /**
   * Returns a builder.
   *
   * @param registry where observations are made
   * @return the builder
   */
  public static Builder builder(ObservationRegistry registry) {
    return new Builder(registry);
  }

  /**
   * Returns a verifier that observes each flow of the given one. Closing it closes the given one.
   *
   * @param verifier the verifier
   * @return the observed verifier
   */
  public IdentityVerifier observe(IdentityVerifier verifier) {
    return new ObservedIdentityVerifier(
        Objects.requireNonNull(verifier, "verifier"), registry, provider, flowConvention);
  }

  /**
   * Returns the decorator that observes each provider call; pass it to the provider builder's
   * {@code decoratePorts(..)}.
   *
   * @return the decorator
   */
  public PortDecorator ports() {
    return new ObservedPorts(registry, provider, billedOperations, providerCallConvention);
  }

  /**
   * Returns the provider's name used as the {@code provider} tag.
   *
   * @return the name
   */
  public String provider() {
    return provider;
  }

  /** Builds {@link IdvObservations}. Not thread-safe. */
  public static final class Builder {
    private final ObservationRegistry registry;
    private String provider = "unknown";
    private @Nullable Set<String> billedOperations;
    private @Nullable FlowObservationConvention flowConvention;
    private @Nullable ProviderCallObservationConvention providerCallConvention;

    private Builder(ObservationRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Sets the provider's name, the {@code provider} tag: {@code local}, {@code aws}, {@code
     * memory}, or a name of your own; {@code unknown} by default.
     *
     * @param provider the name
     * @return this builder
     */
    public Builder provider(String provider) {
      this.provider = Objects.requireNonNull(provider, "provider");
      return this;
    }

    /**
     * Sets which calls the provider bills, as {@code port.operation} ({@code face_index.search});
     * by default {@link #AWS_BILLED_OPERATIONS} for provider {@code aws} and none otherwise.
     *
     * @param operations the billed operations
     * @return this builder
     */
    public Builder billedOperations(Collection<String> operations) {
      this.billedOperations = Set.copyOf(operations);
      return this;
    }

    /**
     * Replaces the default convention of {@code idv.flow}.
     *
     * @param convention the convention
     * @return this builder
     */
    public Builder flowConvention(FlowObservationConvention convention) {
      this.flowConvention = Objects.requireNonNull(convention, "convention");
      return this;
    }

    /**
     * Replaces the default convention of {@code idv.provider.call}.
     *
     * @param convention the convention
     * @return this builder
     */
    public Builder providerCallConvention(ProviderCallObservationConvention convention) {
      this.providerCallConvention = Objects.requireNonNull(convention, "convention");
      return this;
    }

    /**
     * Builds the observations.
     *
     * @return the observations
     */
    public IdvObservations build() {
      return new IdvObservations(this);
    }
  }
}
