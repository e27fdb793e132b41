package io.github.idvkit.testkit;

import io.github.idvkit.FaceImage;
import io.github.idvkit.LivenessConfidence;
import io.github.idvkit.LivenessSessionId;
import io.github.idvkit.spi.LivenessCheck;
import io.github.idvkit.spi.LivenessResult;
import io.github.idvkit.spi.LivenessState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LivenessCheck} whose sessions a test drives through the states a provider reports, in
 * place of a browser running the check: {@link #pass}, {@link #complete}, {@link #fail}, {@link
 * #start}, {@link #expire} and {@link #forget}. Like Rekognition, a session that did not finish
 * within {@link #SESSION_LIFETIME} of its creation (on the fake's clock) reports {@link
 * LivenessState#EXPIRED}, and a session keeps at most the audit images it asked for.
 *
 * <pre>{@code
 * FakeLivenessCheck liveness = FakeLivenessCheck.create(clock);
 * LivenessSessionId session = idv.startLiveness(alice, Flow.LOGIN);
 * liveness.pass(session, TestFaces.subject("alice").image(2));      // a live alice, 99.5 %
 * liveness.complete(session, LivenessConfidence.ofPercent(12), printedPhoto); // a printed photo
 * liveness.faults().failNext("result", Fault.throttled());
 * }</pre>
 *
 * <p>Thread-safe. Operations for {@link Faults}: {@code "createSession"}, {@code "result"}. The
 * driving methods are not provider calls and are not recorded.
 */
public final class FakeLivenessCheck implements LivenessCheck, ScriptableFake {

  /** How long a session can be run after its creation: 3 minutes, as Rekognition's. */
  public static final Duration SESSION_LIFETIME = Duration.ofMinutes(3);

  /** The confidence {@link #pass} reports. */
  public static final LivenessConfidence PASSING = LivenessConfidence.ofPercent(99.5);

  private static final Logger LOG = LoggerFactory.getLogger(FakeLivenessCheck.class);

  private static final class Session {
    final Instant createdAt;
    final int auditImagesLimit;
    LivenessState state = LivenessState.CREATED;
    Optional<LivenessConfidence> confidence = Optional.empty();
    Optional<FaceImage> reference = Optional.empty();
    List<FaceImage> audits = List.of();

    Session(Instant createdAt, int auditImagesLimit) {
      this.createdAt = createdAt;
      this.auditImagesLimit = auditImagesLimit;
    }
  }

  private final PortScript script =
      new PortScript(FakeFaceDetector.PROVIDER, "FakeLivenessCheck", Set.of("createSession", "result"));
  private final Clock clock;
  private final Map<LivenessSessionId, Session> sessions = new LinkedHashMap<>();

  private FakeLivenessCheck(Clock clock) {
    this.clock = clock;
  }

  /**
   * Returns a fake on the UTC system clock.
   *
   * @return the fake
   */
  public static FakeLivenessCheck create() {
    return new FakeLivenessCheck(Clock.systemUTC());
  }

  /**
   * Returns a fake on a given clock, which decides when sessions expire.
   *
   * @param clock the clock
   * @return the fake
   */
  public static FakeLivenessCheck create(Clock clock) {
    return new FakeLivenessCheck(Objects.requireNonNull(clock, "clock"));
  }

  @Override
  public LivenessSessionId createSession(int auditImagesLimit) {
    if (auditImagesLimit < 0 || auditImagesLimit > 4) {
      throw new IllegalArgumentException("auditImagesLimit must be in [0, 4], got " + auditImagesLimit);
    }
    return script.compute("createSession", List.of(auditImagesLimit), () -> {
      LivenessSessionId id = LivenessSessionId.of(UUID.randomUUID().toString());
      synchronized (this) {
        sessions.put(id, new Session(clock.instant(), auditImagesLimit));
      }
      LOG.debug("Liveness session created [auditImagesLimit={}]", auditImagesLimit);
      return id;
    });
  }

  @Override
  public Optional<LivenessResult> result(LivenessSessionId sessionId) {
    Objects.requireNonNull(sessionId, "sessionId");
    return script.compute("result", List.of(sessionId), () -> {
      synchronized (this) {
        Session session = sessions.get(sessionId);
        if (session == null) {
          return Optional.empty();
        }
        expireIfDue(session);
        LivenessResult.Builder result =
            LivenessResult.builder().sessionId(sessionId).state(session.state).confidence(session.confidence);
        if (session.state == LivenessState.SUCCEEDED) {
          result.referenceImage(session.reference).addAllAuditImages(session.audits);
        }
        return Optional.of(result.build());
      }
    });
  }

  /**
   * Completes a session as a live person would: {@link LivenessState#SUCCEEDED} at {@link
   * #PASSING}, with {@code reference} as the reference image.
   *
   * @param sessionId the session
   * @param reference the frame the provider picked
   * @throws NoSuchElementException if the session does not exist
   * @throws IllegalStateException if the session is finished or expired
   */
  public void pass(LivenessSessionId sessionId, FaceImage reference) {
    complete(sessionId, PASSING, reference);
  }

  /**
   * Completes a session with a given confidence: {@link LivenessState#SUCCEEDED}, as Rekognition
   * reports every check that ran; a printed photo gets a low confidence, not another state.
   *
   * @param sessionId the session
   * @param confidence the confidence
   * @param reference the reference image
   * @param auditImages audit images; the session keeps as many as it asked for
   * @throws NoSuchElementException if the session does not exist
   * @throws IllegalStateException if the session is finished or expired
   */
  public synchronized void complete(
      LivenessSessionId sessionId, LivenessConfidence confidence, FaceImage reference, FaceImage... auditImages) {
    Session session = open(sessionId);
    session.state = LivenessState.SUCCEEDED;
    session.confidence = Optional.of(Objects.requireNonNull(confidence, "confidence"));
    session.reference = Optional.of(Objects.requireNonNull(reference, "reference"));
    List<FaceImage> audits = List.of(auditImages);
    session.audits = List.copyOf(audits.subList(0, Math.min(audits.size(), session.auditImagesLimit)));
  }

  /**
   * Ends a session as {@link LivenessState#FAILED}: the check could not complete; no image.
   *
   * @param sessionId the session
   * @throws NoSuchElementException if the session does not exist
   * @throws IllegalStateException if the session is finished or expired
   */
  public synchronized void fail(LivenessSessionId sessionId) {
    open(sessionId).state = LivenessState.FAILED;
  }

  /**
   * Moves a session to {@link LivenessState#IN_PROGRESS}: the client is running the check.
   *
   * @param sessionId the session
   * @throws NoSuchElementException if the session does not exist
   * @throws IllegalStateException if the session is finished or expired
   */
  public synchronized void start(LivenessSessionId sessionId) {
    open(sessionId).state = LivenessState.IN_PROGRESS;
  }

  /**
   * Ends a session as {@link LivenessState#EXPIRED} now, whatever the clock says.
   *
   * @param sessionId the session
   * @throws NoSuchElementException if the session does not exist
   */
  public synchronized void expire(LivenessSessionId sessionId) {
    session(sessionId).state = LivenessState.EXPIRED;
  }

  /**
   * Makes the provider forget a session: {@link #result} then returns empty.
   *
   * @param sessionId the session
   */
  public synchronized void forget(LivenessSessionId sessionId) {
    sessions.remove(sessionId);
  }

  /**
   * Returns the ids of every session created so far, oldest first.
   *
   * @return the ids
   */
  public synchronized List<LivenessSessionId> sessionIds() {
    return List.copyOf(sessions.keySet());
  }

  private Session open(LivenessSessionId sessionId) {
    Session session = session(sessionId);
    expireIfDue(session);
    if (session.state != LivenessState.CREATED && session.state != LivenessState.IN_PROGRESS) {
      throw new IllegalStateException("The liveness session is " + session.state + " already");
    }
    return session;
  }

  private Session session(LivenessSessionId sessionId) {
    Session session = sessions.get(Objects.requireNonNull(sessionId, "sessionId"));
    if (session == null) {
      throw new NoSuchElementException("No liveness session " + sessionId.value());
    }
    return session;
  }

  private void expireIfDue(Session session) {
    boolean open = session.state == LivenessState.CREATED || session.state == LivenessState.IN_PROGRESS;
    if (open && clock.instant().isAfter(session.createdAt.plus(SESSION_LIFETIME))) {
      session.state = LivenessState.EXPIRED;
    }
  }

  @Override
  public Faults faults() {
    return script.faults();
  }

  @Override
  public List<Call> calls() {
    return script.calls();
  }

  @Override
  public Call takeCall() {
    return script.takeCall();
  }

  @Override
  public String toString() {
    return "FakeLivenessCheck";
  }
}
