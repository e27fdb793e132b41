package io.github.idvkit.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.util.Objects;

/**
 * Counts the provider calls the provider bills, as the counter {@value
 * IdvObservationDocumentation#BILLED_CALLS} tagged {@code provider} and {@code operation}.
 * Register it on the {@link io.micrometer.observation.ObservationRegistry} next to Micrometer's
 * own meter handler:
 *
 * <pre>{@code
 * observationRegistry.observationConfig()
 *     .observationHandler(new DefaultMeterObservationHandler(meterRegistry))
 *     .observationHandler(new BilledCallsMeterObservationHandler(meterRegistry));
 * }</pre>
 *
 * <p>A call counts once it was made, whether it succeeded or failed (a throttled call is usually
 * not billed, so the count is an upper bound). Which calls are billed is decided by {@link
 * IdvObservations.Builder#billedOperations}.
 */
public final class BilledCallsMeterObservationHandler
    implements ObservationHandler<ProviderCallContext> {

  private final MeterRegistry meterRegistry;

  /**
   * Creates the handler.
   *
   * @param meterRegistry where the counter lives
   */
  public BilledCallsMeterObservationHandler(MeterRegistry meterRegistry) {
    this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
  }

  @Override
  public void onStop(ProviderCallContext context) {
    if (context.billed()) {
      Counter.builder(IdvObservationDocumentation.BILLED_CALLS)
          .description("Provider calls the provider bills (e.g. Rekognition image operations)")
          .tag("provider", context.provider())
          .tag("operation", context.operation())
          .register(meterRegistry)
          .increment();
    }
  }

  @Override
  public boolean supportsContext(Observation.Context context) {
    return context instanceof ProviderCallContext;
  }
}
