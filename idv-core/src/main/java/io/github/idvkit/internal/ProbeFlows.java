package io.github.idvkit.internal;

import io.github.idvkit.DecisionEvent;
import io.github.idvkit.DetectedFace;
import io.github.idvkit.FaceId;
import io.github.idvkit.FaceImage;
import io.github.idvkit.Flow;
import io.github.idvkit.IdentifyDecision;
import io.github.idvkit.IdentifyRequest;
import io.github.idvkit.IdentifyResult;
import io.github.idvkit.LoginDecision;
import io.github.idvkit.LoginRequest;
import io.github.idvkit.LoginResult;
import io.github.idvkit.QualityIssue;
import io.github.idvkit.Similarity;
import io.github.idvkit.UserId;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.spi.FaceMatch;
import io.github.idvkit.spi.FaceRecord;
import io.github.idvkit.spi.IndexedFace;
import io.github.idvkit.spi.SearchResult;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flows that search with a probe and store nothing: login (1:1, the claimed user) and identify
 * (1:N). Both match only committed faces, the ones a record names: a face in the index without a
 * record belongs to no registration (one in flight, or left by a crash), and matching on it would
 * let in whoever had it indexed. When the index cannot name the matched face (a user-level search),
 * the flow checks every face of the matched user and fails closed. Not API.
 */
final class ProbeFlows {

  private static final Logger LOG = LoggerFactory.getLogger(ProbeFlows.class);

  private final FlowSupport support;
  private final VerifierConfig config;
  private final VerificationPolicy policy;

  ProbeFlows(FlowSupport support) {
    this.support = support;
    this.config = support.config;
    this.policy = support.policy;
  }

  LoginResult login(LoginRequest request) {
    long started = System.nanoTime();
    UserId user = request.userId();
    FaceImage probe = request.selfie().orElseThrow().normalize(config.imageLimits());
    LoginResult.Builder result = LoginResult.builder().userId(user);
    DecisionEvent.Builder event = support.event(Flow.LOGIN, user);

    // Every other call is started before this one is read, so the records are read on this thread,
    // in parallel with them: one hand-off and one pool thread fewer per login, same latency.
    Step<List<FaceRecord>> registrations = Step.lazy(() -> config.faceRecordStore().findByUser(user));
    // A user-level search cannot name the matched face: the claimed user's faces are listed
    // alongside it, so the fail-closed check below costs no extra round trip.
    Step<List<IndexedFace>> userFaces =
        config.faceIndex().searchNamesFaces()
            ? Step.lazy(() -> config.faceIndex().listFaces(user))
            : support.step("ListFaces", () -> config.faceIndex().listFaces(user));
    Probe found = new Probe(probe);
    try {
      Set<FaceId> recordedFaces = faceIds(registrations.get());
      if (recordedFaces.isEmpty()) {
        return support.decide(result.decision(LoginDecision.NOT_REGISTERED), event, started);
      }
      Set<QualityIssue> issues = QualityEvaluator.evaluate(found.faces(), policy.loginQualityGate());
      if (!issues.isEmpty()) {
        return support.decide(
            result.decision(loginGateDecision(issues)).addAllQualityIssues(issues), event, started);
      }
      SearchResult search = found.search();
      search.modelVersion().ifPresent(event::modelVersion);
      event.putThreshold("login", policy.loginThreshold());
      Optional<FaceMatch> claimed =
          search.matches().stream().filter(match -> match.userId().equals(user)).findFirst();
      if (claimed.isPresent() && !isCommitted(claimed.get(), recordedFaces, userFaces, "Login")) {
        claimed = Optional.empty();
      }
      if (claimed.isEmpty()) {
        return support.decide(result.decision(LoginDecision.NOT_MATCHED), event, started);
      }
      Similarity similarity = claimed.get().similarity();
      result.similarity(similarity);
      claimed.get().faceId().ifPresent(result::matchedFace);
      event.putScore("login", similarity);
      boolean anotherAsClose =
          search.matches().stream()
              .anyMatch(match -> !match.userId().equals(user) && match.similarity().isAtLeast(similarity));
      boolean verified = similarity.isAtLeast(policy.loginThreshold()) && !anotherAsClose;
      return support.decide(
          result.decision(verified ? LoginDecision.VERIFIED : LoginDecision.NOT_MATCHED), event, started);
    } finally {
      registrations.cancel();
      userFaces.cancel();
      found.cancel();
    }
  }

  IdentifyResult identify(IdentifyRequest request) {
    if (!policy.identificationEnabled()) {
      throw new IllegalStateException(
          "identify() is off by default: 1:N search names the nearest enrolled person. Enable it"
              + " with VerificationPolicy.builder().from(policy).identificationEnabled(true)");
    }
    long started = System.nanoTime();
    FaceImage probe = request.selfie().normalize(config.imageLimits());
    IdentifyResult.Builder result = IdentifyResult.builder();
    DecisionEvent.Builder event = DecisionEvent.builder().flow(Flow.IDENTIFY);
    Probe found = new Probe(probe);
    try {
      Set<QualityIssue> issues = QualityEvaluator.evaluate(found.faces(), policy.loginQualityGate());
      if (!issues.isEmpty()) {
        IdentifyDecision decision =
            issues.contains(QualityIssue.NO_FACE)
                ? IdentifyDecision.NO_FACE
                : issues.contains(QualityIssue.MULTIPLE_FACES)
                    ? IdentifyDecision.MULTIPLE_FACES
                    : IdentifyDecision.LOW_QUALITY;
        return support.decide(result.decision(decision).addAllQualityIssues(issues), event, started);
      }
      SearchResult search = found.search();
      search.modelVersion().ifPresent(event::modelVersion);
      event.putThreshold("identify", policy.identifyThreshold());
      List<FaceMatch> matches = search.matches();
      if (matches.isEmpty()) {
        return support.decide(result.decision(IdentifyDecision.NOT_RECOGNIZED), event, started);
      }
      FaceMatch best = matches.get(0);
      result.similarity(best.similarity());
      event.putScore("identify", best.similarity());
      Optional<FaceMatch> runnerUp =
          matches.stream().filter(match -> !match.userId().equals(best.userId())).findFirst();
      runnerUp.ifPresent(other -> {
        result.runnerUpSimilarity(other.similarity());
        event.putScore("identifyRunnerUp", other.similarity());
      });
      boolean clear =
          runnerUp.isEmpty()
              || best.similarity().ratio() - runnerUp.get().similarity().ratio() >= policy.identifyMargin();
      if (best.similarity().isAtLeast(policy.identifyThreshold()) && clear && isRegistered(best)) {
        event.userId(best.userId());
        return support.decide(
            result.decision(IdentifyDecision.IDENTIFIED).userId(best.userId()), event, started);
      }
      return support.decide(result.decision(IdentifyDecision.NOT_RECOGNIZED), event, started);
    } finally {
      found.cancel();
    }
  }

  /**
   * Whether the face {@code match} is on has a record of its user. Costs one lookup of the user's
   * records, made only before a match is reported as identified; by user, not by face, since a
   * store's index by face may lag behind its writes.
   */
  private boolean isRegistered(FaceMatch match) {
    return isCommitted(
        match,
        faceIds(config.faceRecordStore().findByUser(match.userId())),
        Step.lazy(() -> config.faceIndex().listFaces(match.userId())),
        "Identify");
  }

  /**
   * Whether a match is on a committed face of its user. A match that names its face is checked
   * against the records. One that does not (a user-level search) cannot be: then every face the
   * index holds for the user must be recorded, or the match does not count (fail closed). Login
   * lists them alongside its search rather than after it: a face indexed within that one round
   * trip (only a registration replacing the claimed user's face, still in flight, can index one)
   * may be missed by the listing; every face left by an attempt that ended or died is seen.
   */
  private boolean isCommitted(
      FaceMatch match, Set<FaceId> recordedFaces, Step<List<IndexedFace>> userFaces, String flow) {
    if (recordedFaces.isEmpty()) {
      return false;
    }
    if (match.faceId().isPresent()) {
      if (recordedFaces.contains(match.faceId().get())) {
        return true;
      }
      LOG.warn("{} ignored a match on face {}, which has no record; a reconciliation will remove it",
          flow, match.faceId().get().value());
      return false;
    }
    List<IndexedFace> indexed = userFaces.get();
    List<FaceId> unrecorded =
        indexed.stream().map(IndexedFace::faceId).filter(faceId -> !recordedFaces.contains(faceId)).toList();
    if (indexed.isEmpty() || !unrecorded.isEmpty()) {
      LOG.warn("{} ignored a user-level match: the user has {} face(s) without a record, and the"
          + " index does not say which face matched", flow, unrecorded.size());
      return false;
    }
    return true;
  }

  private static Set<FaceId> faceIds(List<FaceRecord> records) {
    Set<FaceId> faceIds = new LinkedHashSet<>();
    records.forEach(record -> faceIds.add(record.faceId()));
    return faceIds;
  }

  private static LoginDecision loginGateDecision(Set<QualityIssue> issues) {
    if (issues.contains(QualityIssue.NO_FACE)) {
      return LoginDecision.NO_FACE;
    }
    if (issues.contains(QualityIssue.MULTIPLE_FACES)) {
      return LoginDecision.MULTIPLE_FACES;
    }
    return LoginDecision.LOW_QUALITY;
  }

  /**
   * The faces of a probe and the search for it. When the index says its search reports every face
   * with the facts the gate checks, detection is not started; else, in concurrent mode, it runs
   * alongside the search. Either way the faces are checked: a search that did not deliver what
   * its port promised falls back to the detector.
   */
  private final class Probe {
    private final Step<SearchResult> search;
    private final Step<List<DetectedFace>> detection;

    Probe(FaceImage image) {
      Supplier<List<DetectedFace>> detect = () -> config.faceDetector().detect(image).faces();
      // A detection the search's own report makes needless is never started: it is billed.
      this.detection =
          QualityEvaluator.suffices(config.faceIndex().searchReports(), policy.loginQualityGate())
              ? Step.lazy(detect)
              : support.step("DetectFaces", detect);
      this.search = support.step("SearchFaces", () -> config.faceIndex().search(image, policy.searchDepth()));
    }

    /**
     * The probe's faces: the search's own when it lists every face and measured every fact the
     * login gate checks, so a login costs one call; else a detector's.
     */
    List<DetectedFace> faces() {
      SearchResult result = search.get();
      boolean sufficient =
          result.probeFacesComplete()
              && QualityEvaluator.measuresAll(result.probeFaces(), policy.loginQualityGate());
      return sufficient ? result.probeFaces() : detection.get();
    }

    SearchResult search() {
      return search.get();
    }

    void cancel() {
      search.cancel();
      detection.cancel();
    }
  }
}
