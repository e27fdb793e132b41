package io.github.idvkit.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/** Names and tags an {@code idv.flow} observation; implement it to change them. */
public interface FlowObservationConvention extends ObservationConvention<FlowContext> {

  @Override
  default boolean supportsContext(Observation.Context context) {
    return context instanceof FlowContext;
  }
}
