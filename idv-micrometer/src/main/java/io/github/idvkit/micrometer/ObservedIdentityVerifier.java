package io.github.idvkit.micrometer;

import io.github.idvkit.Flow;
import io.github.idvkit.ForgetRequest;
import io.github.idvkit.ForgetResult;
import io.github.idvkit.IdentifyRequest;
import io.github.idvkit.IdentifyResult;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.LivenessSessionId;
import io.github.idvkit.LoginRequest;
import io.github.idvkit.LoginResult;
import io.github.idvkit.RegisterRequest;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.UserId;
import io.github.idvkit.VerificationPolicy;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** An {@link IdentityVerifier} that makes one {@code idv.flow} observation per flow. */
final class ObservedIdentityVerifier implements IdentityVerifier {

  private static final FlowObservationConvention DEFAULT = new DefaultFlowObservationConvention();

  private final IdentityVerifier delegate;
  private final ObservationRegistry registry;
  private final String provider;
  private final @Nullable FlowObservationConvention convention;

  ObservedIdentityVerifier(
      IdentityVerifier delegate,
      ObservationRegistry registry,
      String provider,
      @Nullable FlowObservationConvention convention) {
    this.delegate = delegate;
    this.registry = registry;
    this.provider = provider;
    this.convention = convention;
  }

  @Override
  public RegisterResult register(RegisterRequest request) {
    return observe(Flow.REGISTER, () -> delegate.register(request),
        (ctx, r) -> ctx.decided(r.decision().name(), r.qualityIssues()));
  }

  @Override
  public LoginResult login(LoginRequest request) {
    return observe(Flow.LOGIN, () -> delegate.login(request),
        (ctx, r) -> ctx.decided(r.decision().name(), r.qualityIssues()));
  }

  @Override
  public IdentifyResult identify(IdentifyRequest request) {
    return observe(Flow.IDENTIFY, () -> delegate.identify(request),
        (ctx, r) -> ctx.decided(r.decision().name(), r.qualityIssues()));
  }

  @Override
  public ForgetResult forget(ForgetRequest request) {
    return observe(Flow.FORGET, () -> delegate.forget(request),
        (ctx, r) -> ctx.decided(r.anythingDeleted() ? "FORGOTTEN" : "NOTHING_TO_FORGET", Set.of()));
  }

  /** Starts a liveness session on the wrapped verifier; not observed (no decision is made). */
  @Override
  public LivenessSessionId startLiveness(UserId userId, Flow flow) {
    return delegate.startLiveness(userId, flow);
  }

  @Override
  public VerificationPolicy policy() {
    return delegate.policy();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return "Observed[" + delegate + "]";
  }

  private <T> T observe(Flow flow, Supplier<T> call, BiConsumer<FlowContext, T> decided) {
    FlowContext context = new FlowContext(flow, provider);
    Observation observation =
        IdvObservationDocumentation.FLOW.observation(convention, DEFAULT, () -> context, registry);
    return observation.observe(
        () -> {
          T result = call.get();
          decided.accept(context, result);
          return result;
        });
  }
}
