package io.github.idvkit.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/** Names and tags an {@code idv.provider.call} observation; implement it to change them. */
public interface ProviderCallObservationConvention
    extends ObservationConvention<ProviderCallContext> {

  @Override
  default boolean supportsContext(Observation.Context context) {
    return context instanceof ProviderCallContext;
  }
}
