package io.github.idvkit.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.IdvException;
import io.github.idvkit.LoginDecision;
import io.github.idvkit.UserId;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.testkit.Fault;
import io.github.idvkit.testkit.InMemoryFaceIndex;
import io.github.idvkit.testkit.InMemoryIdentityVerifier;
import io.github.idvkit.testkit.TestFaces;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdvObservationsTest {

  private static final String ALICE = "alice@example.com";

  private final TestObservationRegistry registry = TestObservationRegistry.create();

  @Test
  void flows_eachMakeOneFlowObservation_taggedWithDecisionAndProvider() {
    InMemoryIdentityVerifier.Builder builder =
        InMemoryIdentityVerifier.builder()
            .policy(VerificationPolicy.highSecurity().toBuilder().identificationEnabled(true).build());
    IdvObservations observations = IdvObservations.builder(registry).provider("memory").build();

    try (IdentityVerifier idv = observations.observe(builder.decoratePorts(observations.ports()).build())) {
      idv.register(req -> req.userId(ALICE).selfie(TestFaces.subject("alice").image(1)));
      idv.login(req -> req.userId(ALICE).selfie(TestFaces.subject("alice").image(2)));
      idv.login(req -> req.userId(ALICE).selfie(TestFaces.subject("mallory").image(1)));
      idv.identify(req -> req.selfie(TestFaces.subject("alice").image(3)));
      idv.forget(UserId.of(ALICE));
    }

    TestObservationRegistryAssert.assertThat(registry)
        .hasNumberOfObservationsWithNameEqualTo("idv.flow", 5)
        .hasAnObservation(o -> o.hasNameEqualTo("idv.flow")
            .hasContextualNameEqualTo("idv register")
            .hasLowCardinalityKeyValue("flow", "register")
            .hasLowCardinalityKeyValue("provider", "memory")
            .hasLowCardinalityKeyValue("decision", "REGISTERED")
            .hasLowCardinalityKeyValue("reason", "none"))
        .hasAnObservation(o -> o.hasNameEqualTo("idv.flow")
            .hasLowCardinalityKeyValue("flow", "login")
            .hasLowCardinalityKeyValue("decision", "VERIFIED"))
        .hasAnObservation(o -> o.hasNameEqualTo("idv.flow")
            .hasLowCardinalityKeyValue("flow", "login")
            .hasLowCardinalityKeyValue("decision", "NOT_MATCHED"))
        .hasAnObservation(o -> o.hasNameEqualTo("idv.flow")
            .hasLowCardinalityKeyValue("flow", "identify")
            .hasLowCardinalityKeyValue("decision", "IDENTIFIED"))
        .hasAnObservation(o -> o.hasNameEqualTo("idv.flow")
            .hasLowCardinalityKeyValue("flow", "forget")
            .hasLowCardinalityKeyValue("decision", "FORGOTTEN"))
        .hasAnObservation(o -> o.hasNameEqualTo("idv.provider.call")
            .hasContextualNameEqualTo("face_index search")
            .hasLowCardinalityKeyValue("port", "face_index")
            .hasLowCardinalityKeyValue("operation", "search")
            .hasLowCardinalityKeyValue("billed", "false")
            .hasLowCardinalityKeyValue("outcome", "success"));
  }

  @Test
  void providerCalls_areChildrenOfTheirFlow_andHandTheModelVersionUp() {
    IdvObservations observations = IdvObservations.builder(registry).provider("memory").build();

    try (IdentityVerifier idv = observations.observe(
        InMemoryIdentityVerifier.builder().decoratePorts(observations.ports()).build())) {
      idv.register(req -> req.userId(ALICE).selfie(TestFaces.subject("alice").image(1)));
    }

    TestObservationRegistryAssert.assertThat(registry)
        .hasHandledContextsThatSatisfy(contexts -> {
          FlowContext flow = only(contexts, FlowContext.class);
          List<ProviderCallContext> calls = all(contexts, ProviderCallContext.class);
          assertThat(calls).isNotEmpty().allSatisfy(call ->
              assertThat(call.getParentObservation().getContextView()).isSameAs(flow));
          assertThat(calls).extracting(ProviderCallContext::operation)
              .contains("index", "search_faces", "put", "create")
              .doesNotContain("detect"); // the in-memory index reports what the gate checks
          assertThat(flow.modelVersion()).isPresent();
          assertThat(flow.getLowCardinalityKeyValue("model").getValue())
              .isEqualTo(flow.modelVersion().orElseThrow());
        });
  }

  @Test
  void login_withDarkSelfie_tagsTheReasonAPersonCanActOn() {
    IdvObservations observations = IdvObservations.builder(registry).provider("memory").build();

    try (IdentityVerifier idv = observations.observe(InMemoryIdentityVerifier.create())) {
      idv.register(req -> req.userId(ALICE).selfie(TestFaces.subject("alice").image(1)));
      LoginDecision decision =
          idv.login(req -> req.userId(ALICE).selfie(TestFaces.subject("alice").dark().image(2)))
              .decision();
      assertThat(decision).isEqualTo(LoginDecision.LOW_QUALITY);
    }

    TestObservationRegistryAssert.assertThat(registry)
        .hasAnObservation(o -> o.hasNameEqualTo("idv.flow")
            .hasLowCardinalityKeyValue("decision", "LOW_QUALITY")
            .hasLowCardinalityKeyValue("reason", "TOO_DARK"));
  }

  @Test
  void providerFailure_marksFlowAndCallAsErrors() {
    InMemoryIdentityVerifier memory =
        InMemoryIdentityVerifier.builder()
            .decoratePorts(IdvObservations.builder(registry).provider("memory").build().ports())
            .build();
    IdentityVerifier idv = IdvObservations.builder(registry).provider("memory").build().observe(memory);
    idv.register(req -> req.userId(ALICE).selfie(TestFaces.subject("alice").image(1)));
    memory.faceIndex().faults().failNext("search", Fault.throttled());

    assertThatThrownBy(() -> idv.login(req -> req.userId(ALICE).selfie(TestFaces.subject("alice").image(2))))
        .isInstanceOf(IdvException.class);

    TestObservationRegistryAssert.assertThat(registry)
        .hasAnObservation(o -> o.hasNameEqualTo("idv.flow")
            .hasLowCardinalityKeyValue("flow", "login")
            .hasLowCardinalityKeyValue("decision", "ERROR")
            .assertThatError().isInstanceOf(IdvException.class))
        .hasAnObservation(o -> o.hasNameEqualTo("idv.provider.call")
            .hasLowCardinalityKeyValue("operation", "search")
            .hasLowCardinalityKeyValue("outcome", "error"));
  }

  @Test
  void tags_neverCarryUserIdsImagesOrScores() {
    IdvObservations observations = IdvObservations.builder(registry).provider("memory").build();

    try (IdentityVerifier idv = observations.observe(
        InMemoryIdentityVerifier.builder().decoratePorts(observations.ports()).build())) {
      idv.register(req -> req.userId(ALICE).selfie(TestFaces.subject("alice").image(1)));
      idv.login(req -> req.userId(ALICE).selfie(TestFaces.subject("alice").image(2)));
      idv.forget(UserId.of(ALICE));
    }

    TestObservationRegistryAssert.assertThat(registry)
        .hasHandledContextsThatSatisfy(contexts -> {
          assertThat(contexts).isNotEmpty();
          for (Observation.Context context : contexts) {
            assertThat(context.getHighCardinalityKeyValues()).isEmpty();
            assertThat(context.getLowCardinalityKeyValues())
                .extracting(KeyValue::getValue)
                .allSatisfy(value -> {
                  assertThat(value).doesNotContain("alice").doesNotContain("@");
                  assertThat(value).doesNotMatch("\\d\\.\\d+");
                });
          }
        });
  }

  @Test
  void billedCalls_areCountedPerOperation_onlyForBilledProviders() {
    MeterRegistry meters = new SimpleMeterRegistry();
    IdvObservations aws = awsObservationsInto(meters);

    try (IdentityVerifier idv = aws.observe(
        InMemoryIdentityVerifier.builder().decoratePorts(aws.ports()).build())) {
      idv.register(req -> req.userId(ALICE).selfie(TestFaces.subject("alice").image(1)));
      idv.login(req -> req.userId(ALICE).selfie(TestFaces.subject("alice").image(2)));
    }

    assertThat(meters.get("idv.provider.billed.calls").tag("operation", "search").counter().count())
        .isEqualTo(1.0);
    assertThat(meters.get("idv.provider.billed.calls").tag("operation", "search_faces").counter().count())
        .isEqualTo(1.0);
    assertThat(meters.get("idv.provider.billed.calls").tag("operation", "index").counter().count())
        .isEqualTo(1.0);
    assertThat(meters.find("idv.provider.billed.calls").tag("operation", "put").counter()).isNull();
    assertThat(meters.get("idv.flow").tag("flow", "login").tag("decision", "VERIFIED").timer().count())
        .isEqualTo(1);
    assertThat(meters.get("idv.provider.call").tag("operation", "put").tag("billed", "false").timer().count())
        .isEqualTo(1);
  }

  /** The wrapper forwards the index's default methods: on a user-level index a face gets associated. */
  @Test
  void observedPorts_onAUserLevelIndex_associateTheFace_andLoginVerifies() {
    MeterRegistry meters = new SimpleMeterRegistry();
    IdvObservations aws = awsObservationsInto(meters);
    InMemoryFaceIndex userLevel = InMemoryFaceIndex.builder().userLevelSearch(true).build();

    try (IdentityVerifier idv = aws.observe(InMemoryIdentityVerifier.builder().faceIndex(userLevel)
        .decoratePorts(aws.ports()).build())) {
      idv.register(req -> req.userId(ALICE).selfie(TestFaces.subject("alice").image(1)));

      assertThat(idv.login(req -> req.userId(ALICE).selfie(TestFaces.subject("alice").image(2))).decision())
          .isEqualTo(LoginDecision.VERIFIED);
    }
    assertThat(userLevel.calls("associate")).hasSize(1);
    assertThat(meters.get("idv.provider.billed.calls").tag("operation", "associate").counter().count())
        .isEqualTo(1.0);
    assertThat(meters.get("idv.provider.billed.calls").tag("operation", "search_faces").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void localProvider_billsNothing() {
    assertThat(IdvObservations.builder(registry).provider("local").build())
        .extracting(IdvObservations::provider)
        .isEqualTo("local");
    ProviderCallContext call = new ProviderCallContext("local", "face_index", "search", false);
    MeterRegistry meters = new SimpleMeterRegistry();

    new BilledCallsMeterObservationHandler(meters).onStop(call);

    assertThat(meters.find("idv.provider.billed.calls").counter()).isNull();
  }

  private static <T> T only(List<Observation.Context> contexts, Class<T> type) {
    List<T> found = all(contexts, type);
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private static <T> List<T> all(List<Observation.Context> contexts, Class<T> type) {
    return contexts.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Observations for provider "aws" whose timers and billed-call counters land in {@code meters}. */
  private static IdvObservations awsObservationsInto(MeterRegistry meters) {
    ObservationRegistry observationRegistry = ObservationRegistry.create();
    observationRegistry.observationConfig()
        .observationHandler(new DefaultMeterObservationHandler(meters))
        .observationHandler(new BilledCallsMeterObservationHandler(meters));
    return IdvObservations.builder(observationRegistry).provider("aws").build();
  }
}
