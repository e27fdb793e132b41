package io.github.idvkit.micrometer;

import io.github.idvkit.micrometer.IdvObservationDocumentation.ProviderCallKeys;
import io.micrometer.common.KeyValues;

/**
 * The default names and tags of {@code idv.provider.call}: {@code provider}, {@code port}, {@code
 * operation}, {@code billed}, {@code model}, {@code outcome}; see {@link
 * IdvObservationDocumentation.ProviderCallKeys}.
 */
public class DefaultProviderCallObservationConvention implements ProviderCallObservationConvention {

  /** The observation's name. */
  public static final String NAME = "idv.provider.call";

  /** Creates the convention. */
  public DefaultProviderCallObservationConvention() {}

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public String getContextualName(ProviderCallContext context) {
    return context.port() + " " + context.operation();
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(ProviderCallContext context) {
    return KeyValues.of(
        ProviderCallKeys.PROVIDER.withValue(context.provider()),
        ProviderCallKeys.PORT.withValue(context.port()),
        ProviderCallKeys.OPERATION.withValue(context.operation()),
        ProviderCallKeys.BILLED.withValue(Boolean.toString(context.billed())),
        ProviderCallKeys.MODEL.withValue(context.modelVersion().orElse("unknown")),
        ProviderCallKeys.OUTCOME.withValue(context.getError() != null ? "error" : "success"));
  }
}
