package io.github.idvkit.internal;

import io.github.idvkit.DecisionEvent;
import io.github.idvkit.ExecutionMode;
import io.github.idvkit.Flow;
import io.github.idvkit.IdentifyResult;
import io.github.idvkit.LoginResult;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.UserId;
import io.github.idvkit.VerificationPolicy;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every flow shares: the configuration, how a provider call runs (now or on the executor) and
 * how a decision is published. Not API.
 */
final class FlowSupport implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FlowSupport.class);

  /** The most threads a verifier's own pool runs. */
  static final int MAX_POOL_THREADS = 128;

  final VerifierConfig config;
  final VerificationPolicy policy;
  private final @Nullable ExecutorService executor;
  private final boolean ownsExecutor;

  FlowSupport(VerifierConfig config) {
    this.config = config;
    this.policy = config.policy();
    if (config.execution() == ExecutionMode.CONCURRENT) {
      this.ownsExecutor = config.executor() == null;
      this.executor = ownsExecutor ? boundedPool() : config.executor();
    } else {
      this.ownsExecutor = false;
      this.executor = null;
    }
  }

  /** Runs a provider call lazily (sequential) or starts it now on the executor (concurrent). */
  <T> Step<T> step(String operation, Supplier<T> call) {
    return executor == null ? Step.lazy(call) : Step.started(executor, operation, call);
  }

  DecisionEvent.Builder event(Flow flow, UserId user) {
    return DecisionEvent.builder().flow(flow).userId(user);
  }

  RegisterResult decide(RegisterResult.Builder result, DecisionEvent.Builder event, long started) {
    RegisterResult built = result.build();
    event.addAllQualityIssues(built.qualityIssues());
    publish(event.decision(built.decision().name()), started);
    LOG.debug("Register decided [decision={}, user={}, requestId={}, faceId={}, replayed={}]",
        built.decision(), built.userId(), built.requestId(), built.faceId().orElse(null), built.replayed());
    return built;
  }

  LoginResult decide(LoginResult.Builder result, DecisionEvent.Builder event, long started) {
    LoginResult built = result.build();
    event.addAllQualityIssues(built.qualityIssues());
    publish(event.decision(built.decision().name()), started);
    LOG.debug("Login decided [decision={}, user={}, similarity={}]",
        built.decision(), built.userId(), built.similarity().orElse(null));
    return built;
  }

  IdentifyResult decide(IdentifyResult.Builder result, DecisionEvent.Builder event, long started) {
    IdentifyResult built = result.build();
    event.addAllQualityIssues(built.qualityIssues());
    publish(event.decision(built.decision().name()), started);
    LOG.debug("Identify decided [decision={}, user={}, similarity={}]",
        built.decision(), built.userId().orElse(null), built.similarity().orElse(null));
    return built;
  }

  void publish(DecisionEvent.Builder event, long started) {
    DecisionEvent built =
        event
            .decidedAt(config.clock().instant())
            .elapsed(Duration.ofNanos(System.nanoTime() - started))
            .build();
    try {
      config.decisionListener().onDecision(built);
    } catch (RuntimeException e) {
      LOG.warn("Decision listener failed on a {} decision; the flow's result stands: {}",
          built.flow(), e.toString());
    }
  }

  @Override
  public void close() {
    if (ownsExecutor && executor != null) {
      executor.shutdownNow();
    }
  }

  /**
   * A pool of at most {@link #MAX_POOL_THREADS} daemon threads that never queues: a call finds a
   * free thread or is rejected, and a rejected call runs on the flow's own thread (see {@link
   * Step#started}). Under a load larger than the pool, flows degrade to sequential rather than
   * waiting behind each other or growing threads without bound.
   */
  private static ExecutorService boundedPool() {
    return new ThreadPoolExecutor(
        0, MAX_POOL_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), daemonThreads(),
        new ThreadPoolExecutor.AbortPolicy());
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "idv-flow-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
