package io.github.idvkit.internal;

import io.github.idvkit.Flow;
import io.github.idvkit.ForgetRequest;
import io.github.idvkit.ForgetResult;
import io.github.idvkit.IdentifyRequest;
import io.github.idvkit.IdentifyResult;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.LivenessSessionId;
import io.github.idvkit.LoginDecision;
import io.github.idvkit.LoginRequest;
import io.github.idvkit.LoginResult;
import io.github.idvkit.ProviderException;
import io.github.idvkit.RegisterDecision;
import io.github.idvkit.RegisterRequest;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.UserId;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.spi.AttemptLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flows of {@link IdentityVerifier} over five ports: a facade over one class per flow ({@link
 * RegistrationFlow}, {@link ProbeFlows}, {@link ForgetFlow}). Before a register or login reaches its
 * flow, the facade checks the attempt limits ({@link AttemptGuard}: a locked-out attempt calls no
 * provider at all) and turns a liveness session into the selfie ({@link LivenessGate}); after it,
 * it counts the outcome as a failure or a success. Not API: build it through {@code
 * IdentityVerifier.builder()} or a provider's builder.
 */
public final class DefaultIdentityVerifier implements IdentityVerifier {

  private static final Logger LOG = LoggerFactory.getLogger(DefaultIdentityVerifier.class);

  private final VerifierConfig config;
  private final FlowSupport support;
  private final RegistrationFlow registration;
  private final ProbeFlows probes;
  private final ForgetFlow forgetting;
  private final AttemptGuard attempts;
  private final LivenessGate liveness;
  private final @Nullable BilledCallBudget budget;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Creates the verifier; see {@code IdentityVerifier.builder()}. */
  public DefaultIdentityVerifier(VerifierConfig config) {
    AttemptLimiter limiter = config.attemptLimiter();
    this.budget = config.policy().billedCallsPerMinute().isPresent() && limiter != null
        ? new BilledCallBudget(limiter, config.policy().billedCallsPerMinute().get(), config.clock())
        : null;
    if (budget != null) {
      config = budget.wrap(config);
    }
    this.config = config;
    this.support = new FlowSupport(config);
    UserLocks userLocks = new UserLocks();
    this.registration = new RegistrationFlow(support, userLocks);
    this.probes = new ProbeFlows(support);
    this.forgetting = new ForgetFlow(support, userLocks);
    this.attempts = new AttemptGuard(config.attemptLimiter(), config.policy(), config.clock());
    this.liveness = new LivenessGate(config);
  }

  @Override
  public VerificationPolicy policy() {
    return config.policy();
  }

  @Override
  public LivenessSessionId startLiveness(UserId userId, Flow flow) {
    Optional<Duration> locked = attempts.lockedFor(AttemptGuard.keys(userId, Optional.empty()), true);
    if (locked.isPresent()) {
      throw new ProviderException(
          ProviderException.Kind.REJECTED, "idv", "StartLiveness", null,
          "too many failed attempts for " + userId + "; no liveness session before "
              + locked.get().toSeconds() + " s from now",
          null);
    }
    checkBudget("StartLiveness");
    return liveness.start(userId, flow);
  }

  @Override
  public RegisterResult register(RegisterRequest request) {
    long started = System.nanoTime();
    UserId user = request.userId();
    List<String> keys = AttemptGuard.keys(user, request.attemptKey());
    boolean live = request.livenessSession().isPresent();
    Optional<Duration> locked = attempts.lockedFor(keys, live);
    if (locked.isPresent()) {
      return support.decide(
          RegisterResult.builder().userId(user).requestId(refusedRequestId(request))
              .decision(RegisterDecision.LOCKED_OUT).retryAfter(locked.get()),
          support.event(Flow.REGISTER, user), started);
    }
    checkBudget("Register");
    RegisterRequest resolved = request;
    Optional<LivenessGate.Resolution> checked = Optional.empty();
    if (live) {
      LivenessGate.Resolution resolution =
          liveness.resolve(user, Flow.REGISTER, request.livenessSession().get());
      checked = Optional.of(resolution);
      if (resolution.outcome() != LivenessGate.Outcome.PASSED) {
        countLivenessRefusal(resolution.outcome(), keys);
        return support.decide(
            RegisterResult.builder().userId(user).requestId(refusedRequestId(request))
                .decision(RegisterDecision.valueOf("LIVENESS_" + resolution.outcome().name()))
                .livenessConfidence(resolution.confidence()),
            support.event(Flow.REGISTER, user), started);
      }
      resolved = RegisterRequest.builder().from(request)
          .selfie(resolution.selfie().orElseThrow())
          .livenessSession(Optional.empty())
          .build();
    }
    RegisterResult result = registration.register(resolved);
    if (result.decision() == RegisterDecision.REGISTERED) {
      attempts.succeeded(keys);
    } else if (result.decision() == RegisterDecision.ID_NOT_MATCHED
        || result.decision() == RegisterDecision.USER_NOT_MATCHED) {
      attempts.failed(keys); // a face held against an ID photo or an account, like a failed login
    }
    if (checked.isPresent()) {
      return RegisterResult.builder().from(result).livenessConfidence(checked.get().confidence()).build();
    }
    return result;
  }

  @Override
  public LoginResult login(LoginRequest request) {
    long started = System.nanoTime();
    UserId user = request.userId();
    List<String> keys = AttemptGuard.keys(user, request.attemptKey());
    boolean live = request.livenessSession().isPresent();
    Optional<Duration> locked = attempts.lockedFor(keys, live);
    if (locked.isPresent()) {
      return support.decide(
          LoginResult.builder().userId(user).decision(LoginDecision.LOCKED_OUT).retryAfter(locked.get()),
          support.event(Flow.LOGIN, user), started);
    }
    checkBudget("Login");
    LoginRequest resolved = request;
    Optional<LivenessGate.Resolution> checked = Optional.empty();
    if (live) {
      LivenessGate.Resolution resolution = liveness.resolve(user, Flow.LOGIN, request.livenessSession().get());
      checked = Optional.of(resolution);
      if (resolution.outcome() != LivenessGate.Outcome.PASSED) {
        countLivenessRefusal(resolution.outcome(), keys);
        return support.decide(
            LoginResult.builder().userId(user)
                .decision(LoginDecision.valueOf("LIVENESS_" + resolution.outcome().name()))
                .livenessConfidence(resolution.confidence()),
            support.event(Flow.LOGIN, user), started);
      }
      resolved = LoginRequest.builder().from(request)
          .selfie(resolution.selfie().orElseThrow())
          .livenessSession(Optional.empty())
          .build();
    }
    LoginResult result = probes.login(resolved);
    if (result.decision() == LoginDecision.VERIFIED) {
      attempts.succeeded(keys);
    } else if (result.decision() == LoginDecision.NOT_MATCHED) {
      attempts.failed(keys);
    }
    if (checked.isPresent()) {
      return LoginResult.builder().from(result).livenessConfidence(checked.get().confidence()).build();
    }
    return result;
  }

  /** Refuses a flow before its first call once the minute's billed-call budget is spent. */
  private void checkBudget(String operation) {
    if (budget != null) {
      budget.check(operation);
    }
  }

  /**
   * Counts a refused liveness session as a failed attempt, except an expired one: a check that
   * failed, a session of someone else, one replayed or unknown are what an attacker produces; a
   * session that timed out is what a slow user does.
   */
  private void countLivenessRefusal(LivenessGate.Outcome outcome, List<String> keys) {
    if (outcome != LivenessGate.Outcome.EXPIRED) {
      attempts.failed(keys);
    }
  }

  /** The request id a refused registration reports: the caller's, or one derived from the session. */
  private static String refusedRequestId(RegisterRequest request) {
    if (request.requestId().isPresent()) {
      return request.requestId().get();
    }
    if (request.selfie().isPresent()) {
      return request.selfie().get().sha256().substring(0, 32);
    }
    return "liveness-" + request.livenessSession().orElseThrow().value();
  }

  @Override
  public IdentifyResult identify(IdentifyRequest request) {
    checkBudget("Identify");
    return probes.identify(request);
  }

  @Override
  public ForgetResult forget(ForgetRequest request) {
    ForgetResult receipt = forgetting.forget(request);
    attempts.succeeded(AttemptGuard.keys(request.userId(), Optional.empty())); // the user's counter goes too
    return receipt;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    support.close();
    List<AutoCloseable> resources = new ArrayList<>(config.closeables());
    Collections.reverse(resources);
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("Closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
      }
    }
  }

  @Override
  public String toString() {
    return "IdentityVerifier[execution=" + config.execution() + "]";
  }
}
