package io.github.idvkit.internal;

import io.github.idvkit.AuditImageRetention;
import io.github.idvkit.ConfigurationException;
import io.github.idvkit.FaceId;
import io.github.idvkit.FaceImage;
import io.github.idvkit.Flow;
import io.github.idvkit.LivenessConfidence;
import io.github.idvkit.LivenessSessionId;
import io.github.idvkit.UserId;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.spi.LivenessCheck;
import io.github.idvkit.spi.LivenessResult;
import io.github.idvkit.spi.LivenessSession;
import io.github.idvkit.spi.LivenessSessionStore;
import io.github.idvkit.spi.LivenessState;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-side liveness: starts sessions bound to a user and flow, and turns a session back into a
 * selfie only if it was started for this user and flow, is unused, inside its lifetime, and its
 * check passed at the policy's threshold. Not API.
 */
final class LivenessGate {

  /** The face-id prefix of stored audit images; the reconciler leaves them alone. */
  static final String AUDIT_PREFIX = "liveness-audit-";

  private static final Logger LOG = LoggerFactory.getLogger(LivenessGate.class);

  /** What became of a liveness session. */
  enum Outcome {
    PASSED,
    FAILED,
    EXPIRED,
    ALREADY_USED,
    NOT_FOUND,
    NOT_FOR_USER
  }

  /** A resolved session: its outcome, and on {@link Outcome#PASSED} the selfie. */
  record Resolution(Outcome outcome, Optional<FaceImage> selfie, Optional<LivenessConfidence> confidence) {}

  private final @Nullable LivenessCheck check;
  private final @Nullable LivenessSessionStore sessions;
  private final VerifierConfig config;
  private final VerificationPolicy policy;

  LivenessGate(VerifierConfig config) {
    this.config = config;
    this.policy = config.policy();
    this.check = config.livenessCheck();
    this.sessions = config.livenessSessionStore();
  }

  LivenessSessionId start(UserId user, Flow flow) {
    Objects.requireNonNull(user, "userId");
    Objects.requireNonNull(flow, "flow");
    if (flow != Flow.REGISTER && flow != Flow.LOGIN) {
      throw new IllegalArgumentException("A liveness session is for REGISTER or LOGIN, not " + flow);
    }
    LivenessCheck liveness = requireCheck();
    Instant now = config.clock().instant();
    LivenessSessionId id = liveness.createSession(policy.auditImagesLimit());
    LivenessSession session =
        LivenessSession.builder().sessionId(id).subject(subject(user)).flow(flow).createdAt(now).build();
    if (!store().create(session, now.plus(policy.livenessSessionLifetime()).plus(policy.livenessSessionLifetime()))) {
      throw new IllegalStateException("The provider returned a session id it had handed out before");
    }
    LOG.debug("Liveness session started [flow={}, user={}]", flow, user);
    return id;
  }

  Resolution resolve(UserId user, Flow flow, LivenessSessionId id) {
    LivenessCheck liveness = requireCheck();
    Instant now = config.clock().instant();
    Optional<LivenessSession> bound = store().find(id, now);
    if (bound.isEmpty()) {
      return refused(Outcome.NOT_FOUND);
    }
    LivenessSession session = bound.get();
    if (!session.subject().equals(subject(user)) || session.flow() != flow) {
      return refused(Outcome.NOT_FOR_USER);
    }
    if (session.usedAt().isPresent()) {
      return refused(Outcome.ALREADY_USED);
    }
    if (now.isAfter(session.createdAt().plus(policy.livenessSessionLifetime()))) {
      return refused(Outcome.EXPIRED);
    }
    Optional<LivenessResult> fetched = liveness.result(id);
    if (fetched.isEmpty()) {
      return refused(Outcome.NOT_FOUND);
    }
    if (!store().markUsed(id, now)) {
      return refused(Outcome.ALREADY_USED);
    }
    LivenessResult result = fetched.get();
    keepAuditImages(user, id, result.auditImages());
    if (result.state() == LivenessState.EXPIRED) {
      return refused(Outcome.EXPIRED);
    }
    boolean passed =
        result.state() == LivenessState.SUCCEEDED
            && result.confidence().isPresent()
            && result.confidence().get().isAtLeast(policy.livenessThreshold())
            && result.referenceImage().isPresent();
    LOG.debug("Liveness checked [state={}, confidence={}, threshold={}, reference={}]",
        result.state(), result.confidence().orElse(null), policy.livenessThreshold(),
        result.referenceImage().isPresent());
    return new Resolution(
        passed ? Outcome.PASSED : Outcome.FAILED,
        passed ? result.referenceImage() : Optional.empty(),
        result.confidence());
  }

  private void keepAuditImages(UserId user, LivenessSessionId id, List<FaceImage> images) {
    if (policy.auditImageRetention() != AuditImageRetention.KEEP_UNTIL_FORGOTTEN) {
      return;
    }
    int n = 0;
    for (FaceImage image : images.subList(0, Math.min(images.size(), policy.auditImagesLimit()))) {
      FaceId faceId = FaceId.of(AUDIT_PREFIX + id.value() + "-" + (++n));
      config.imageStore().put(user, faceId, image.normalize(config.imageLimits()));
    }
    LOG.debug("Liveness audit images kept [count={}]", n);
  }

  private static Resolution refused(Outcome outcome) {
    LOG.debug("Liveness session refused [outcome={}]", outcome);
    return new Resolution(outcome, Optional.empty(), Optional.empty());
  }

  static String subject(UserId user) {
    return Digests.sha256("user\u0000" + user.value());
  }

  private LivenessCheck requireCheck() {
    if (check == null) {
      throw new ConfigurationException(
          "This verifier has no liveness check, so it cannot start or accept liveness sessions."
              + " Use a provider that has one (AwsIdentityVerifier, or InMemoryIdentityVerifier with"
              + " a FakeLivenessCheck in tests), or send a selfie instead.");
    }
    return check;
  }

  private LivenessSessionStore store() {
    return Objects.requireNonNull(sessions, "livenessSessionStore");
  }
}
