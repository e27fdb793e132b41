package io.github.idvkit;

import io.github.idvkit.internal.DefaultIdentityVerifier;
import io.github.idvkit.internal.VerifierConfig;
import io.github.idvkit.spi.FaceComparer;
import io.github.idvkit.spi.FaceDetector;
import io.github.idvkit.spi.FaceIndex;
import io.github.idvkit.spi.AttemptLimiter;
import io.github.idvkit.spi.FaceRecordStore;
import io.github.idvkit.spi.ImageStore;
import io.github.idvkit.spi.LivenessCheck;
import io.github.idvkit.spi.LivenessSessionStore;
import io.github.idvkit.spi.PortDecorator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Registers, logs in, identifies and forgets users by their faces. The one entry point of idv.
 *
 * <pre>{@code
 * try (IdentityVerifier idv = LocalIdentityVerifier.builder().dataDirectory(dir).build()) {
 *   RegisterResult registered = idv.register(req -> req
 *       .userId("alice@example.com")
 *       .selfie(FaceImage.fromPath(selfie))
 *       .idPhoto(FaceImage.fromPath(idPhoto)));
 *   LoginResult login = idv.login(req -> req.userId("alice@example.com").selfie(camera));
 *   if (login.verified()) { ... }
 *   ForgetResult receipt = idv.forget(UserId.of("alice@example.com"));
 * }
 * }</pre>
 *
 * <p>Outcomes (no face, several faces, low quality, not matched, already registered, not
 * registered) come back as decisions in the result, with reason codes and scores. Failures (an
 * unusable image, a provider outage, a misconfiguration) are thrown as {@link IdvException}s; a
 * registration that fails after a side effect undoes it before the exception surfaces, or, if the
 * undo fails too, leaves its journal so that the retry (or the {@link Reconciler}) finishes it:
 * never an orphan face, image or record that nothing points to.
 *
 * <p><b>Exceptions.</b> Every failure of a well-formed call is an {@link IdvException}: an
 * unusable image ({@link InvalidImageException}), a provider failure ({@link ProviderException},
 * {@link IdvException#retryable() retryable} only where a later retry can succeed) or a set-up to
 * fix ({@link ConfigurationException}: missing credentials, access denied, a missing collection,
 * bucket or table, an unusable or damaged data directory). Programming errors, which no retry and
 * no catch of {@code IdvException} should hide, are the JDK's exceptions, and only these:
 *
 * <ul>
 *   <li>{@link IllegalArgumentException}: an invalid value given to idv: a user id ({@link
 *       UserId#of}, also through {@code req.userId(String)}) that is blank, longer than {@value
 *       UserId#MAX_LENGTH} characters, holds control characters, or whose provider-safe form
 *       exceeds 128 characters; a policy or quality-gate value out of range ({@link
 *       VerificationPolicy}); a provider builder's invalid name (a DynamoDB table name that is not
 *       3-255 characters of {@code [a-zA-Z0-9_.-]}, a Rekognition collection id, a blank bucket, an
 *       S3 prefix not of the documented form);
 *   <li>{@link IllegalStateException}: {@link #identify(IdentifyRequest) identify} while the
 *       policy does not enable identification; a builder's {@code build()} without a required
 *       setting (a request without its user id, or with neither or both of a selfie and a
 *       liveness session, {@code AwsIdentityVerifier} without collection id, bucket or table name,
 *       {@code LocalIdentityVerifier} without a data directory);
 *   <li>{@link NullPointerException}: a {@code null} argument.
 * </ul>
 *
 * <p>A verifier is built once, is immutable and thread-safe, and is closed when the application
 * stops. Providers offer their own builders ({@code AwsIdentityVerifier}, {@code
 * LocalIdentityVerifier}, {@code InMemoryIdentityVerifier}); {@link #builder()} wires any five
 * ports.
 */
public interface IdentityVerifier extends AutoCloseable {

  /**
   * Registers a user: checks that the selfie holds exactly one good face, that it matches the ID
   * photo (if given) and that the face is not registered yet; then indexes the face, stores the
   * normalised selfie and writes the face record.
   *
   * <p>Idempotent per user and {@link RegisterRequest#requestId()}: repeating a registration
   * returns the first one's result with {@link RegisterResult#replayed()} set, on any app instance
   * that shares the stores. Before any side effect the registration writes a conditional intent for
   * the user into the record store, journals its steps there and commits by turning it committed;
   * only the attempt that holds the intent undoes anything, and only what it journaled. So a retry
   * that lands on another instance replays or waits (bounded by {@link
   * Builder#registrationWait(java.time.Duration)}) instead of undoing the first one's work, another
   * request for the same user gets {@link RegisterDecision#USER_ALREADY_REGISTERED} or {@link
   * RegisterDecision#REGISTRATION_IN_PROGRESS}, and an attempt that died is taken over once its
   * intent is older than {@link Builder#intentTimeout(java.time.Duration)}. The duplicate check
   * searches until it sees the new face (at once on a read-after-write index), so one face never
   * ends with two users, even on an eventually consistent index.
   *
   * @param request the request
   * @return the decision and its scores
   * @throws InvalidImageException if the selfie or ID photo is not a usable image
   * @throws ProviderException if a provider fails (after undoing any side effect)
   * @throws ConfigurationException if a collection, bucket or table is missing or access is denied
   */
  RegisterResult register(RegisterRequest request);

  /**
   * Registers a user; see {@link #register(RegisterRequest)}.
   *
   * @param request fills in the request
   * @return the decision and its scores
   * @throws InvalidImageException if the selfie or ID photo is not a usable image
   * @throws ProviderException if a provider fails (after undoing any side effect)
   * @throws ConfigurationException if a collection, bucket or table is missing or access is denied
   */
  default RegisterResult register(Consumer<RegisterRequest.Builder> request) {
    RegisterRequest.Builder builder = RegisterRequest.builder();
    request.accept(builder);
    return register(builder.build());
  }

  /**
   * Logs in a user who claims an identity: {@link LoginDecision#VERIFIED} only if the selfie passes
   * the quality gate and its best match is the claimed user at or above the login threshold.
   *
   * @param request the request
   * @return the decision and its score
   * @throws InvalidImageException if the selfie is not a usable image
   * @throws ProviderException if a provider fails
   * @throws ConfigurationException if a collection or table is missing or access is denied
   */
  LoginResult login(LoginRequest request);

  /**
   * Logs in a user; see {@link #login(LoginRequest)}.
   *
   * @param request fills in the request
   * @return the decision and its score
   * @throws InvalidImageException if the selfie is not a usable image
   * @throws ProviderException if a provider fails
   * @throws ConfigurationException if a collection or table is missing or access is denied
   */
  default LoginResult login(Consumer<LoginRequest.Builder> request) {
    LoginRequest.Builder builder = LoginRequest.builder();
    request.accept(builder);
    return login(builder.build());
  }

  /**
   * Finds who a selfie shows, without a claimed identity. Opt-in: needs {@link
   * VerificationPolicy#identificationEnabled()}. {@link IdentifyDecision#IDENTIFIED} only if the
   * best user reaches the identify threshold and beats the best other user by the margin.
   *
   * @param request the request
   * @return the decision and its scores
   * @throws IllegalStateException if the policy does not enable identification
   * @throws InvalidImageException if the selfie is not a usable image
   * @throws ProviderException if a provider fails
   * @throws ConfigurationException if a collection is missing or access is denied
   */
  IdentifyResult identify(IdentifyRequest request);

  /**
   * Finds who a selfie shows; see {@link #identify(IdentifyRequest)}.
   *
   * @param request fills in the request
   * @return the decision and its scores
   * @throws IllegalStateException if the policy does not enable identification
   * @throws InvalidImageException if the selfie is not a usable image
   * @throws ProviderException if a provider fails
   * @throws ConfigurationException if a collection is missing or access is denied
   */
  default IdentifyResult identify(Consumer<IdentifyRequest.Builder> request) {
    IdentifyRequest.Builder builder = IdentifyRequest.builder();
    request.accept(builder);
    return identify(builder.build());
  }

  /**
   * Erases every face, image and record of a user, confirms by listing that nothing is left and
   * returns a receipt. Idempotent: forgetting an unknown user returns an empty receipt.
   *
   * @param request the request
   * @return the receipt
   * @throws ProviderException if a provider fails, or the erasure could not be confirmed
   *     (retryable: calling again finishes the job)
   * @throws ConfigurationException if a collection, bucket or table is missing or access is denied
   */
  ForgetResult forget(ForgetRequest request);

  /**
   * Erases every face, image and record of a user; see {@link #forget(ForgetRequest)}.
   *
   * @param request fills in the request
   * @return the receipt
   * @throws ProviderException if a provider fails, or the erasure could not be confirmed
   * @throws ConfigurationException if a collection, bucket or table is missing or access is denied
   */
  default ForgetResult forget(Consumer<ForgetRequest.Builder> request) {
    ForgetRequest.Builder builder = ForgetRequest.builder();
    request.accept(builder);
    return forget(builder.build());
  }

  /**
   * Erases every face, image and record of a user; see {@link #forget(ForgetRequest)}.
   *
   * @param userId the user
   * @return the receipt
   * @throws ProviderException if a provider fails, or the erasure could not be confirmed
   * @throws ConfigurationException if a collection, bucket or table is missing or access is denied
   */
  default ForgetResult forget(UserId userId) {
    return forget(ForgetRequest.of(userId));
  }

  /**
   * Starts a liveness session for a user and a flow, on the server: the provider creates the
   * session, idv remembers for whom and for which flow (in the {@link LivenessSessionStore}, shared
   * by every app instance), and the caller hands the client only the returned id. The client runs
   * the check (for example AWS Amplify's {@code FaceLivenessDetector}) and the application then
   * calls {@link #register(RegisterRequest)} or {@link #login(LoginRequest)} with {@code
   * livenessSession(id)} for the same user: idv fetches the result itself, never from the client.
   *
   * <p>Starting is refused while the user is locked out (no session is created, nothing billed):
   * the register or login that follows would be {@link LoginDecision#LOCKED_OUT} anyway.
   *
   * @param userId the user the session is for
   * @param flow {@link Flow#REGISTER} or {@link Flow#LOGIN}
   * @return the session id for the client
   * @throws IllegalArgumentException if the flow is another one
   * @throws ConfigurationException if this verifier has no liveness check (such as the local
   *     provider), or the provider's set-up is incomplete
   * @throws ProviderException if the provider or the session store fails, or the user is locked
   *     out (not retryable before the lock-out ends)
   */
  LivenessSessionId startLiveness(UserId userId, Flow flow);

  /**
   * Returns the policy this verifier decides by.
   *
   * @return the policy
   */
  VerificationPolicy policy();

  /** Releases what the verifier created (executors, clients it built). Idempotent. */
  @Override
  void close();

  /**
   * Returns a builder that wires five provider ports into a verifier.
   *
   * @return the builder
   */
  static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link IdentityVerifier} from five ports. Not thread-safe. */
  final class Builder {
    private @Nullable FaceDetector faceDetector;
    private @Nullable FaceComparer faceComparer;
    private @Nullable FaceIndex faceIndex;
    private @Nullable ImageStore imageStore;
    private @Nullable FaceRecordStore faceRecordStore;
    private VerificationPolicy policy = VerificationPolicy.highSecurity();
    private ImageLimits imageLimits = ImageLimits.defaults();
    private Clock clock = Clock.systemUTC();
    private DecisionListener decisionListener = event -> {};
    private ExecutionMode execution = ExecutionMode.CONCURRENT;
    private @Nullable ExecutorService executor;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private Duration intentTimeout = Duration.ofMinutes(2);
    private Duration registrationWait = Duration.ofSeconds(5);
    private Duration indexSettleTimeout = Duration.ofSeconds(10);
    private final List<PortDecorator> portDecorators = new ArrayList<>();
    private @Nullable LivenessCheck livenessCheck;
    private @Nullable LivenessSessionStore livenessSessionStore;
    private @Nullable AttemptLimiter attemptLimiter;

    Builder() {}

    /**
     * Sets the liveness check, which lets {@code register} and {@code login} take a liveness session
     * instead of a selfie; none by default (a liveness request then throws {@link
     * ConfigurationException}). Needs a {@link #livenessSessionStore(LivenessSessionStore)}.
     *
     * @param livenessCheck the check
     * @return this builder
     */
    public Builder livenessCheck(LivenessCheck livenessCheck) {
      this.livenessCheck = Objects.requireNonNull(livenessCheck, "livenessCheck");
      return this;
    }

    /**
     * Sets where liveness sessions are bound to their user and flow; required with a liveness check.
     * Share it between app instances, or a session started on one is not found on another.
     *
     * @param livenessSessionStore the store
     * @return this builder
     */
    public Builder livenessSessionStore(LivenessSessionStore livenessSessionStore) {
      this.livenessSessionStore = Objects.requireNonNull(livenessSessionStore, "livenessSessionStore");
      return this;
    }

    /**
     * Sets the store of consecutive failed attempts that {@link VerificationPolicy}'s attempt limits
     * are kept in; none by default, when attempts are not limited. Share it between app instances,
     * or each instance counts on its own.
     *
     * @param attemptLimiter the limiter
     * @return this builder
     */
    public Builder attemptLimiter(AttemptLimiter attemptLimiter) {
      this.attemptLimiter = Objects.requireNonNull(attemptLimiter, "attemptLimiter");
      return this;
    }

    /**
     * Sets how long a registration may go without progress before another attempt takes it as dead,
     * takes its intent over and undoes what it did; 2 minutes by default. Longer than any
     * registration's slowest step (with the providers' retries), shorter than a user's patience.
     *
     * @param intentTimeout the timeout, positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder intentTimeout(Duration intentTimeout) {
      this.intentTimeout = positive(intentTimeout, "intentTimeout");
      return this;
    }

    /**
     * Sets how long a retried registration waits for the same request running elsewhere (another
     * app instance) before it returns {@link RegisterDecision#REGISTRATION_IN_PROGRESS}; 5 seconds
     * by default.
     *
     * @param registrationWait the wait, zero or more
     * @return this builder
     */
    public Builder registrationWait(Duration registrationWait) {
      Objects.requireNonNull(registrationWait, "registrationWait");
      if (registrationWait.isNegative()) {
        throw new IllegalArgumentException("registrationWait must not be negative");
      }
      this.registrationWait = registrationWait;
      return this;
    }

    /**
     * Sets how long registration searches an eventually consistent index ({@link
     * io.github.idvkit.spi.Consistency#EVENTUAL}) for the face it just indexed before it gives up
     * with a retryable {@link ProviderException}; 10 seconds by default. Unused on a
     * read-after-write index.
     *
     * @param indexSettleTimeout the timeout, positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder indexSettleTimeout(Duration indexSettleTimeout) {
      this.indexSettleTimeout = positive(indexSettleTimeout, "indexSettleTimeout");
      return this;
    }

    private static Duration positive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + value);
      }
      return value;
    }

    /**
     * Sets the face detector.
     *
     * @param faceDetector the detector
     * @return this builder
     */
    public Builder faceDetector(FaceDetector faceDetector) {
      this.faceDetector = Objects.requireNonNull(faceDetector, "faceDetector");
      return this;
    }

    /**
     * Sets the face comparer.
     *
     * @param faceComparer the comparer
     * @return this builder
     */
    public Builder faceComparer(FaceComparer faceComparer) {
      this.faceComparer = Objects.requireNonNull(faceComparer, "faceComparer");
      return this;
    }

    /**
     * Sets the face index.
     *
     * @param faceIndex the index
     * @return this builder
     */
    public Builder faceIndex(FaceIndex faceIndex) {
      this.faceIndex = Objects.requireNonNull(faceIndex, "faceIndex");
      return this;
    }

    /**
     * Sets the image store.
     *
     * @param imageStore the store
     * @return this builder
     */
    public Builder imageStore(ImageStore imageStore) {
      this.imageStore = Objects.requireNonNull(imageStore, "imageStore");
      return this;
    }

    /**
     * Sets the face record store.
     *
     * @param faceRecordStore the store
     * @return this builder
     */
    public Builder faceRecordStore(FaceRecordStore faceRecordStore) {
      this.faceRecordStore = Objects.requireNonNull(faceRecordStore, "faceRecordStore");
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
     * Sets the limits images are normalised to before any provider call; {@link
     * ImageLimits#defaults()} by default.
     *
     * @param imageLimits the limits
     * @return this builder
     */
    public Builder imageLimits(ImageLimits imageLimits) {
      this.imageLimits = Objects.requireNonNull(imageLimits, "imageLimits");
      return this;
    }

    /**
     * Sets the clock for record and event times; the UTC system clock by default.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the listener that receives every decision; none by default.
     *
     * @param decisionListener the listener
     * @return this builder
     */
    public Builder decisionListener(DecisionListener decisionListener) {
      this.decisionListener = Objects.requireNonNull(decisionListener, "decisionListener");
      return this;
    }

    /**
     * Sets how independent provider calls run; {@link ExecutionMode#CONCURRENT} by default, on a
     * bounded pool the verifier owns (at most 128 threads; when
     * all are busy, a call runs on the caller's thread instead of queueing).
     *
     * @param execution the mode
     * @return this builder
     */
    public Builder execution(ExecutionMode execution) {
      this.execution = Objects.requireNonNull(execution, "execution");
      return this;
    }

    /**
     * Sets the executor {@link ExecutionMode#CONCURRENT} runs calls on. The verifier does not shut
     * it down; a call it rejects runs on the caller's thread. Without one, a concurrent verifier
     * makes its own bounded daemon pool and shuts it down on {@link IdentityVerifier#close()}.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder executor(ExecutorService executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Adds a resource the verifier closes when it is closed, after its own; resources close in the
     * reverse order of adding. Providers use it for clients they created.
     *
     * @param resource the resource
     * @return this builder
     */
    public Builder closeOnClose(AutoCloseable resource) {
      closeables.add(Objects.requireNonNull(resource, "resource"));
      return this;
    }

    /**
     * Adds a decorator that wraps the five ports when the verifier is built (metrics, tracing,
     * auditing); decorators apply in the order of adding, so the last one added is outermost.
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
     * @throws IllegalStateException if a port is missing, a liveness check comes without a
     *     session store, or a billed-call budget without an attempt limiter
     */
    public IdentityVerifier build() {
      if (policy.billedCallsPerMinute().isPresent() && attemptLimiter == null) {
        throw new IllegalStateException(
            "A policy with billedCallsPerMinute needs attemptLimiter(...) to count the calls in");
      }
      if (livenessCheck != null && livenessSessionStore == null) {
        throw new IllegalStateException(
            "A liveness check needs livenessSessionStore(...) to bind sessions to users");
      }
      FaceDetector detector = require(faceDetector, "faceDetector");
      FaceComparer comparer = require(faceComparer, "faceComparer");
      FaceIndex index = require(faceIndex, "faceIndex");
      ImageStore images = require(imageStore, "imageStore");
      FaceRecordStore records = require(faceRecordStore, "faceRecordStore");
      for (PortDecorator d : portDecorators) {
        detector = Objects.requireNonNull(d.faceDetector(detector), "decorated faceDetector");
        comparer = Objects.requireNonNull(d.faceComparer(comparer), "decorated faceComparer");
        index = Objects.requireNonNull(d.faceIndex(index), "decorated faceIndex");
        images = Objects.requireNonNull(d.imageStore(images), "decorated imageStore");
        records = Objects.requireNonNull(d.faceRecordStore(records), "decorated faceRecordStore");
      }
      return new DefaultIdentityVerifier(
          new VerifierConfig(
              detector,
              comparer,
              index,
              images,
              records,
              policy,
              imageLimits,
              clock,
              decisionListener,
              execution,
              executor,
              List.copyOf(closeables),
              intentTimeout,
              registrationWait,
              indexSettleTimeout,
              livenessCheck,
              livenessSessionStore,
              attemptLimiter));
    }

    private static <T> T require(@Nullable T port, String name) {
      if (port == null) {
        throw new IllegalStateException("IdentityVerifier.builder() needs " + name + "(...)");
      }
      return port;
    }
  }
}
