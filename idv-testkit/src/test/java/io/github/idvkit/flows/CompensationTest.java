package io.github.idvkit.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.ExecutionMode;
import io.github.idvkit.ProviderException;
import io.github.idvkit.RegisterDecision;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.testkit.Fault;
import io.github.idvkit.testkit.TestFaces;
import io.github.idvkit.testkit.TestSubject;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * When undoing a failed registration fails too, the caller still gets the original error, the
 * attempt's journal stays in its intent, and the next attempt finishes the undo at once. A single
 * fault at each provider call of every flow, compensation included, is covered by {@link
 * FaultMatrixTest}.
 */
class CompensationTest {

  private static final TestSubject ALICE = TestFaces.subject("alice");

  private static final List<Fault> FAULTS =
      List.of(
          Fault.throttled(),
          Fault.timeout(),
          Fault.serverError(),
          Fault.afterSideEffect(Fault.timeout()),
          Fault.afterSideEffect(Fault.serverError()));

  static Stream<Arguments> recordFailures() {
    List<Arguments> cells = new ArrayList<>();
    for (ExecutionMode mode : ExecutionMode.values()) {
      for (Fault fault : FAULTS) {
        cells.add(Arguments.of(mode, fault));
      }
    }
    return cells.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("recordFailures")
  void register_compensationItselfFailing_keepsTheOriginalErrorAndTheRetryFinishesTheUndo(
      ExecutionMode mode, Fault fault) {
    try (Rig rig = new Rig(mode)) {
      rig.images.faults().failNext("put", fault);
      rig.index.faults().failNext("deleteFaces", Fault.throttled());

      assertThatThrownBy(() -> rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1))))
          .isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.operation()).isEqualTo("put");
            assertThat(e.retryable()).isTrue();
            assertThat(e.getSuppressed()).isNotEmpty();
          });
      assertThat(rig.records.intents()).as("the journal of the attempt that could not undo").hasSize(1);

      RegisterResult retried = rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)));

      assertThat(retried.decision()).isEqualTo(RegisterDecision.REGISTERED);
      assertThat(rig.index.faces()).hasSize(1);
      rig.assertNoOrphans();
    }
  }
}
