package io.github.idvkit.testkit;

import io.github.idvkit.DecisionEvent;
import io.github.idvkit.DecisionListener;
import io.github.idvkit.ExecutionMode;
import io.github.idvkit.ForgetRequest;
import io.github.idvkit.ForgetResult;
import io.github.idvkit.IdentifyRequest;
import io.github.idvkit.IdentifyResult;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.Flow;
import io.github.idvkit.UserId;
import io.github.idvkit.LivenessSessionId;
import io.github.idvkit.ImageLimits;
import io.github.idvkit.LoginRequest;
import io.github.idvkit.LoginResult;
import io.github.idvkit.Reconciler;
import io.github.idvkit.RegisterRequest;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.spi.PortDecorator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * An {@link IdentityVerifier} on the five in-memory fakes, for tests of code that uses idv: the
 * same flows, policies and decisions as a real provider, driven by {@link TestFaces} images.
 *
 * <pre>{@code
 * InMemoryIdentityVerifier idv = InMemoryIdentityVerifier.create();
 * RegisterResult registered = idv.register(req -> req
 *     .userId("alice@example.com").selfie(TestFaces.subject("alice").image(1)));
 * LoginResult login = idv.login(req -> req
 *     .userId("alice@example.com").selfie(TestFaces.subject("alice").image(2)));   // VERIFIED
 *
 * idv.faceIndex().faults().failNext("search", Fault.throttled());                 // script a fault
 * }</pre>
 *
 * <p>The fakes are exposed ({@link #faceIndex()}, ...) to script faults and inspect calls and
 * stored state. The comparer reads {@code memory://} ID photos from {@link #imageStore()}. Every
 * decision is kept in {@link #decisions()}. Thread-safe like every verifier; a new one per test.
 */
public final class InMemoryIdentityVerifier implements IdentityVerifier {

  private final FakeFaceDetector faceDetector;
  private final FakeFaceComparer faceComparer;
  private final InMemoryFaceIndex faceIndex;
  private final InMemoryImageStore imageStore;
  private final InMemoryFaceRecordStore faceRecordStore;
  private final FakeLivenessCheck livenessCheck;
  private final InMemoryLivenessSessionStore livenessSessionStore;
  private final InMemoryAttemptLimiter attemptLimiter;
  private final List<DecisionEvent> decisions = new CopyOnWriteArrayList<>();
  private final IdentityVerifier delegate;

  private InMemoryIdentityVerifier(Builder builder) {
    this.faceDetector = builder.faceDetector != null ? builder.faceDetector : FakeFaceDetector.create();
    this.imageStore = builder.imageStore != null ? builder.imageStore : InMemoryImageStore.create();
    this.faceComparer =
        builder.faceComparer != null ? builder.faceComparer : FakeFaceComparer.create(imageStore);
    this.faceIndex = builder.faceIndex != null ? builder.faceIndex : InMemoryFaceIndex.create();
    this.faceRecordStore =
        builder.faceRecordStore != null ? builder.faceRecordStore : InMemoryFaceRecordStore.create();
    this.livenessCheck =
        builder.livenessCheck != null ? builder.livenessCheck : FakeLivenessCheck.create(builder.clock);
    this.livenessSessionStore =
        builder.livenessSessionStore != null ? builder.livenessSessionStore : InMemoryLivenessSessionStore.create();
    this.attemptLimiter =
        builder.attemptLimiter != null ? builder.attemptLimiter : InMemoryAttemptLimiter.create();
    DecisionListener listener = builder.decisionListener;
    IdentityVerifier.Builder core =
        IdentityVerifier.builder()
            .faceDetector(faceDetector)
            .faceComparer(faceComparer)
            .faceIndex(faceIndex)
            .imageStore(imageStore)
            .faceRecordStore(faceRecordStore)
            .livenessCheck(livenessCheck)
            .livenessSessionStore(livenessSessionStore)
            .policy(builder.policy)
            .imageLimits(builder.imageLimits)
            .clock(builder.clock)
            .execution(builder.execution)
            .decisionListener(event -> {
              decisions.add(event);
              if (listener != null) {
                listener.onDecision(event);
              }
            });
    if (builder.executor != null) {
      core.executor(builder.executor);
    }
    if (builder.attemptLimits) {
      core.attemptLimiter(attemptLimiter);
    }
    builder.portDecorators.forEach(core::decoratePorts);
    this.delegate = core.build();
  }

  /**
   * Returns a verifier with the default policy ({@link VerificationPolicy#highSecurity()}) on new
   * fakes.
   *
   * @return the verifier
   */
  public static InMemoryIdentityVerifier create() {
    return builder().build();
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public RegisterResult register(RegisterRequest request) {
    return delegate.register(request);
  }

  @Override
  public LoginResult login(LoginRequest request) {
    return delegate.login(request);
  }

  @Override
  public IdentifyResult identify(IdentifyRequest request) {
    return delegate.identify(request);
  }

  @Override
  public ForgetResult forget(ForgetRequest request) {
    return delegate.forget(request);
  }

  @Override
  public LivenessSessionId startLiveness(UserId userId, Flow flow) {
    return delegate.startLiveness(userId, flow);
  }

  @Override
  public VerificationPolicy policy() {
    return delegate.policy();
  }

  /** Closes the verifier. The fakes hold nothing to release and stay readable. Idempotent. */
  @Override
  public void close() {
    delegate.close();
  }

  /**
   * Returns a {@link Reconciler} over this verifier's own index, image store and record store: it
   * finds (and on {@link Reconciler#repair()} deletes) faces and images without a record and what
   * is left of broken registrations, for example after a scripted fault.
   *
   * @return the reconciler
   */
  public Reconciler reconciler() {
    return Reconciler.create(faceIndex, imageStore, faceRecordStore);
  }

  /**
   * Returns the detector fake.
   *
   * @return the detector
   */
  public FakeFaceDetector faceDetector() {
    return faceDetector;
  }

  /**
   * Returns the comparer fake.
   *
   * @return the comparer
   */
  public FakeFaceComparer faceComparer() {
    return faceComparer;
  }

  /**
   * Returns the face index fake.
   *
   * @return the index
   */
  public InMemoryFaceIndex faceIndex() {
    return faceIndex;
  }

  /**
   * Returns the image store fake.
   *
   * @return the store
   */
  public InMemoryImageStore imageStore() {
    return imageStore;
  }

  /**
   * Returns the face record store fake.
   *
   * @return the store
   */
  public InMemoryFaceRecordStore faceRecordStore() {
    return faceRecordStore;
  }

  /**
   * Returns the liveness check fake, to drive sessions through their states.
   *
   * @return the liveness check
   */
  public FakeLivenessCheck livenessCheck() {
    return livenessCheck;
  }

  /**
   * Returns the store that binds liveness sessions to users and flows.
   *
   * @return the store
   */
  public InMemoryLivenessSessionStore livenessSessionStore() {
    return livenessSessionStore;
  }

  /**
   * Returns the attempt limiter, which counts consecutive failures per user and attempt key.
   *
   * @return the limiter
   */
  public InMemoryAttemptLimiter attemptLimiter() {
    return attemptLimiter;
  }

  /**
   * Returns the five fakes, for scripting or inspecting them all at once.
   *
   * @return the detector, comparer, index, image store and record store
   */
  public List<ScriptableFake> fakes() {
    return List.of(faceDetector, faceComparer, faceIndex, imageStore, faceRecordStore);
  }

  /**
   * Returns every decision made so far, oldest first.
   *
   * @return the decisions
   */
  public List<DecisionEvent> decisions() {
    return List.copyOf(decisions);
  }

  @Override
  public String toString() {
    return "InMemoryIdentityVerifier[" + faceIndex.collectionId() + "]";
  }

  /** Builds an {@link InMemoryIdentityVerifier}; every setting is optional. Not thread-safe. */
  public static final class Builder {
    private @Nullable FakeFaceDetector faceDetector;
    private @Nullable FakeFaceComparer faceComparer;
    private @Nullable InMemoryFaceIndex faceIndex;
    private @Nullable InMemoryImageStore imageStore;
    private @Nullable InMemoryFaceRecordStore faceRecordStore;
    private @Nullable FakeLivenessCheck livenessCheck;
    private @Nullable InMemoryLivenessSessionStore livenessSessionStore;
    private @Nullable InMemoryAttemptLimiter attemptLimiter;
    private boolean attemptLimits = true;
    private VerificationPolicy policy = VerificationPolicy.highSecurity();
    private ImageLimits imageLimits = ImageLimits.defaults();
    private Clock clock = Clock.systemUTC();
    private @Nullable DecisionListener decisionListener;
    private ExecutionMode execution = ExecutionMode.SEQUENTIAL;
    private @Nullable ExecutorService executor;
    private final List<PortDecorator> portDecorators = new ArrayList<>();

    private Builder() {}

    /**
     * Uses this detector instead of a new one.
     *
     * @param faceDetector the detector
     * @return this builder
     */
    public Builder faceDetector(FakeFaceDetector faceDetector) {
      this.faceDetector = Objects.requireNonNull(faceDetector, "faceDetector");
      return this;
    }

    /**
     * Uses this comparer instead of a new one reading from the image store.
     *
     * @param faceComparer the comparer
     * @return this builder
     */
    public Builder faceComparer(FakeFaceComparer faceComparer) {
      this.faceComparer = Objects.requireNonNull(faceComparer, "faceComparer");
      return this;
    }

    /**
     * Uses this index instead of a new one, for example one built with another collection id.
     *
     * @param faceIndex the index
     * @return this builder
     */
    public Builder faceIndex(InMemoryFaceIndex faceIndex) {
      this.faceIndex = Objects.requireNonNull(faceIndex, "faceIndex");
      return this;
    }

    /**
     * Uses this image store instead of a new one.
     *
     * @param imageStore the store
     * @return this builder
     */
    public Builder imageStore(InMemoryImageStore imageStore) {
      this.imageStore = Objects.requireNonNull(imageStore, "imageStore");
      return this;
    }

    /**
     * Uses this record store instead of a new one.
     *
     * @param faceRecordStore the store
     * @return this builder
     */
    public Builder faceRecordStore(InMemoryFaceRecordStore faceRecordStore) {
      this.faceRecordStore = Objects.requireNonNull(faceRecordStore, "faceRecordStore");
      return this;
    }

    /**
     * Uses this liveness check instead of a new one on the builder's clock.
     *
     * @param livenessCheck the check
     * @return this builder
     */
    public Builder livenessCheck(FakeLivenessCheck livenessCheck) {
      this.livenessCheck = Objects.requireNonNull(livenessCheck, "livenessCheck");
      return this;
    }

    /**
     * Uses this session store instead of a new one; give two verifiers the same one to act as two
     * app instances.
     *
     * @param livenessSessionStore the store
     * @return this builder
     */
    public Builder livenessSessionStore(InMemoryLivenessSessionStore livenessSessionStore) {
      this.livenessSessionStore = Objects.requireNonNull(livenessSessionStore, "livenessSessionStore");
      return this;
    }

    /**
     * Uses this attempt limiter instead of a new one; give two verifiers the same one to act as two
     * app instances.
     *
     * @param attemptLimiter the limiter
     * @return this builder
     */
    public Builder attemptLimiter(InMemoryAttemptLimiter attemptLimiter) {
      this.attemptLimiter = Objects.requireNonNull(attemptLimiter, "attemptLimiter");
      return this;
    }

    /**
     * Turns the policy's attempt limits off (on by default, as on every provider): for tests that
     * make more failed attempts for one user than a real deployment would allow. The limiter then
     * counts nothing.
     *
     * @param attemptLimits whether failed attempts lock users out
     * @return this builder
     */
    public Builder attemptLimits(boolean attemptLimits) {
      this.attemptLimits = attemptLimits;
      return this;
    }

    /**
     * Sets the policy; {@link VerificationPolicy#highSecurity()} by default.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder policy(VerificationPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets the image limits; {@link ImageLimits#defaults()} by default.
     *
     * @param imageLimits the limits
     * @return this builder
     */
    public Builder imageLimits(ImageLimits imageLimits) {
      this.imageLimits = Objects.requireNonNull(imageLimits, "imageLimits");
      return this;
    }

    /**
     * Sets the clock; the UTC system clock by default.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Adds a listener for decisions; {@link InMemoryIdentityVerifier#decisions()} records them
     * either way.
     *
     * @param decisionListener the listener
     * @return this builder
     */
    public Builder decisionListener(DecisionListener decisionListener) {
      this.decisionListener = Objects.requireNonNull(decisionListener, "decisionListener");
      return this;
    }

    /**
     * Sets how independent provider calls run; {@link ExecutionMode#SEQUENTIAL} by default here,
     * so that the calls a test counts are the same on every run (production verifiers default to
     * {@link ExecutionMode#CONCURRENT}).
     *
     * @param execution the mode
     * @return this builder
     */
    public Builder execution(ExecutionMode execution) {
      this.execution = Objects.requireNonNull(execution, "execution");
      return this;
    }

    /**
     * Sets the executor {@link ExecutionMode#CONCURRENT} uses; the verifier does not shut it down.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder executor(ExecutorService executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Adds a decorator that wraps the ports the flows call (metrics, tracing); see {@link
     * IdentityVerifier.Builder#decoratePorts(PortDecorator)}. The accessors ({@link
     * InMemoryIdentityVerifier#faceIndex()}, ...) still return the undecorated fakes.
     *
     * @param portDecorator the decorator
     * @return this builder
     */
    public Builder decoratePorts(PortDecorator portDecorator) {
      portDecorators.add(Objects.requireNonNull(portDecorator, "portDecorator"));
      return this;
    }

    /**
     * Builds the verifier.
     *
     * @return the verifier
     */
    public InMemoryIdentityVerifier build() {
      return new InMemoryIdentityVerifier(this);
    }
  }
}
