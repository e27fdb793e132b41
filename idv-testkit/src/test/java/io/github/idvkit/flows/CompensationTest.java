package io.github.idvkit.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.ExecutionMode;
import io.github.idvkit.IdvException;
import io.github.idvkit.ProviderException;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.testkit.Fault;
import io.github.idvkit.testkit.Faults;
import io.github.idvkit.testkit.TestFaces;
import io.github.idvkit.testkit.TestSubject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A fault at each provider call of {@code register} leaves no orphan face, image or record. */
class CompensationTest {

  private static final TestSubject ALICE = TestFaces.subject("alice");

  private record Step(String name, Function<Rig, Faults> faults, String operation) {
    @Override
    public String toString() {
      return name + "." + operation;
    }
  }

  private static final List<Step> STEPS =
      List.of(
          new Step("records", rig -> rig.records.faults(), "findByUser"),
          new Step("detector", rig -> rig.detector.faults(), "detect"),
          new Step("comparer", rig -> rig.comparer.faults(), "compare"),
          new Step("index", rig -> rig.index.faults(), "search"),
          new Step("index", rig -> rig.index.faults(), "index"),
          new Step("images", rig -> rig.images.faults(), "put"),
          new Step("records", rig -> rig.records.faults(), "create"));

  private static final List<Fault> FAULTS =
      List.of(
          Fault.throttled(),
          Fault.timeout(),
          Fault.serverError(),
          Fault.afterSideEffect(Fault.timeout()),
          Fault.afterSideEffect(Fault.serverError()));

  static Stream<Arguments> cells() {
    List<Arguments> cells = new ArrayList<>();
    for (ExecutionMode mode : ExecutionMode.values()) {
      for (Step step : STEPS) {
        for (Fault fault : FAULTS) {
          cells.add(Arguments.of(mode, step, fault));
        }
      }
    }
    return cells.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cells")
  void register_faultAtAnyStep_surfacesRetryablyAndLeavesNoOrphan(ExecutionMode mode, Step step, Fault fault) {
    try (Rig rig = new Rig(mode)) {
      rig.verifier.register(req -> req.userId("bob").selfie(TestFaces.subject("bob").image(1)));
      step.faults().apply(rig).failNext(step.operation(), fault);

      assertThatThrownBy(
              () -> rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)).idPhoto(ALICE.image(2))))
          .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.retryable()).isTrue());

      rig.assertNoOrphans();
      assertThat(rig.index.listFaces(io.github.idvkit.UserId.of("alice"))).isEmpty();
      assertThat(rig.records.findByUser(io.github.idvkit.UserId.of("bob"))).hasSize(1);
      RegisterResult retry = rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)).idPhoto(ALICE.image(2)));
      assertThat(retry.registered()).isTrue();
      rig.assertNoOrphans();
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cells")
  void register_compensationItselfFailing_keepsTheOriginalError(ExecutionMode mode, Step step, Fault fault) {
    if (!step.operation().equals("create")) {
      return;
    }
    try (Rig rig = new Rig(mode)) {
      rig.records.faults().failNext("create", fault);
      rig.index.faults().failNext("deleteFaces", Fault.throttled());

      assertThatThrownBy(() -> rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1))))
          .isInstanceOfSatisfying(IdvException.class, e -> assertThat(e.getSuppressed()).isNotEmpty());
    }
  }
}
