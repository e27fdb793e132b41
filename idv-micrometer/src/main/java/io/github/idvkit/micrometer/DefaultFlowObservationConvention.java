package io.github.idvkit.micrometer;

import io.github.idvkit.micrometer.IdvObservationDocumentation.FlowKeys;
import io.micrometer.common.KeyValues;
import java.util.Locale;

/**
 * The default names and tags of {@code idv.flow}: {@code flow}, {@code provider}, {@code
 * decision}, {@code reason}, {@code model}; see {@link IdvObservationDocumentation.FlowKeys}.
 */
public class DefaultFlowObservationConvention implements FlowObservationConvention {

  /** The observation's name. */
  public static final String NAME = "idv.flow";

  /** Creates the convention. */
  public DefaultFlowObservationConvention() {}

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public String getContextualName(FlowContext context) {
    return "idv " + flow(context);
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(FlowContext context) {
    return KeyValues.of(
        FlowKeys.FLOW.withValue(flow(context)),
        FlowKeys.PROVIDER.withValue(context.provider()),
        FlowKeys.DECISION.withValue(
            context.decision().orElse(context.getError() != null ? "ERROR" : "NONE")),
        FlowKeys.REASON.withValue(
            context.qualityIssues().stream()
                .sorted()
                .findFirst()
                .map(Enum::name)
                .orElse("none")),
        FlowKeys.MODEL.withValue(context.modelVersion().orElse("unknown")));
  }

  private static String flow(FlowContext context) {
    return context.flow().name().toLowerCase(Locale.ROOT);
  }
}
