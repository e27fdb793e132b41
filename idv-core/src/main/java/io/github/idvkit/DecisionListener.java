package io.github.idvkit;

/**
 * Receives every decision a verifier makes, for an audit trail or metrics.
 *
 * <p>Called on the flow's thread after the decision and before the flow returns. An exception
 * thrown by the listener is logged at WARN and does not change the flow's result. Events hold
 * scores, thresholds, reasons and the model version, never image bytes.
 */
@FunctionalInterface
public interface DecisionListener {

  /**
   * Receives one decision.
   *
   * @param event the decision
   */
  void onDecision(DecisionEvent event);
}
