package io.github.idvkit.internal;

import io.github.idvkit.DecisionEvent;
import io.github.idvkit.DetectedFace;
import io.github.idvkit.ExecutionMode;
import io.github.idvkit.FaceId;
import io.github.idvkit.FaceImage;
import io.github.idvkit.Flow;
import io.github.idvkit.ForgetRequest;
import io.github.idvkit.ForgetResult;
import io.github.idvkit.IdentifyDecision;
import io.github.idvkit.IdentifyRequest;
import io.github.idvkit.IdentifyResult;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.ImageSource;
import io.github.idvkit.LoginDecision;
import io.github.idvkit.LoginRequest;
import io.github.idvkit.LoginResult;
import io.github.idvkit.ProviderException;
import io.github.idvkit.QualityIssue;
import io.github.idvkit.RegisterDecision;
import io.github.idvkit.RegisterRequest;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.Similarity;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.spi.Comparison;
import io.github.idvkit.spi.FaceMatch;
import io.github.idvkit.spi.FaceRecord;
import io.github.idvkit.spi.IndexResult;
import io.github.idvkit.spi.ImageKeys;
import io.github.idvkit.spi.IndexedFace;
import io.github.idvkit.spi.SearchResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flows of {@link IdentityVerifier} over five ports. Not API: build it through {@code
 * IdentityVerifier.builder()} or a provider's builder.
 */
public final class DefaultIdentityVerifier implements IdentityVerifier {

  private static final Logger LOG = LoggerFactory.getLogger(DefaultIdentityVerifier.class);
  private static final int FORGET_CONFIRM_ATTEMPTS = 3;

  private final VerifierConfig config;
  private final VerificationPolicy policy;
  private final @Nullable ExecutorService executor;
  private final boolean ownsExecutor;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final UserLocks userLocks = new UserLocks();

  /** Creates the verifier; see {@code IdentityVerifier.builder()}. */
  public DefaultIdentityVerifier(VerifierConfig config) {
    this.config = config;
    this.policy = config.policy();
    if (config.execution() == ExecutionMode.CONCURRENT) {
      this.ownsExecutor = config.executor() == null;
      this.executor = ownsExecutor ? Executors.newCachedThreadPool(daemonThreads()) : config.executor();
    } else {
      this.ownsExecutor = false;
      this.executor = null;
    }
  }

  @Override
  public VerificationPolicy policy() {
    return policy;
  }

  // ---------------------------------------------------------------------------------- register

  @Override
  public RegisterResult register(RegisterRequest request) {
    long started = System.nanoTime();
    UserId user = request.userId();
    String requestId = request.requestId().orElseGet(() -> request.selfie().sha256().substring(0, 32));
    FaceImage probe = request.selfie().normalize(config.imageLimits());
    Optional<ImageSource> idPhoto = request.idPhoto().map(this::normalizeSource);

    try (UserLocks.Held held = userLocks.lock(user)) {
      return register(user, requestId, probe, idPhoto, started);
    }
  }

  private RegisterResult register(
      UserId user, String requestId, FaceImage probe, Optional<ImageSource> idPhoto, long started) {
    RegisterResult.Builder result = RegisterResult.builder().userId(user).requestId(requestId);
    DecisionEvent.Builder event = event(Flow.REGISTER, user).requestId(requestId);

    List<FaceRecord> existing = config.faceRecordStore().findByUser(user);
    Optional<FaceRecord> earlier =
        existing.stream().filter(record -> record.requestId().equals(requestId)).findFirst();
    if (earlier.isPresent()) {
      return replay(result, event, earlier.get(), started);
    }
    if (!existing.isEmpty()) {
      // The user id is taken: no provider call can change that.
      return decide(result.decision(RegisterDecision.ALREADY_REGISTERED).existingUser(user), event, started);
    }

    Step<List<DetectedFace>> detection = step("DetectFaces", () -> config.faceDetector().detect(probe).faces());
    Step<Optional<Comparison>> comparison =
        step("CompareFaces", () -> idPhoto.map(source -> config.faceComparer().compare(source, probe)));
    try {
      Set<QualityIssue> issues = QualityEvaluator.evaluate(detection.get(), policy.qualityGate());
      if (!issues.isEmpty()) {
        return decide(result.decision(gateDecision(issues)).addAllQualityIssues(issues), event, started);
      }

      Optional<Comparison> compared = comparison.get();
      if (compared.isPresent()) {
        event.putThreshold("idMatch", policy.idMatchThreshold());
        if (compared.get().sourceFace().isEmpty()) {
          return decide(result.decision(RegisterDecision.ID_PHOTO_NO_FACE), event, started);
        }
        Optional<Similarity> idSimilarity = compared.get().bestMatch().map(face -> face.similarity());
        idSimilarity.ifPresent(similarity -> {
          result.idSimilarity(similarity);
          event.putScore("idMatch", similarity);
        });
        if (idSimilarity.isEmpty() || !idSimilarity.get().isAtLeast(policy.idMatchThreshold())) {
          return decide(result.decision(RegisterDecision.ID_NOT_MATCHED), event, started);
        }
      }
    } finally {
      detection.cancel();
      comparison.cancel();
    }

    return store(user, requestId, probe, result, event, started);
  }

  /**
   * Indexes the face, then checks for duplicates with a search that sees it, then stores the image
   * and, last, the record: the record is the commit point (login ignores faces without one).
   *
   * <p>Searching after indexing, not before, is what makes "one face, at most one user" hold when
   * two users register the same face at once: each search sees the other's freshly indexed face,
   * so at most one of them keeps it (both back off if both see each other; a retry settles it). It
   * costs no extra call: the search simply moves after the index.
   */
  private RegisterResult store(
      UserId user,
      String requestId,
      FaceImage probe,
      RegisterResult.Builder result,
      DecisionEvent.Builder event,
      long started) {
    IndexResult indexing;
    try {
      indexing = config.faceIndex().index(user, probe);
    } catch (RuntimeException | Error failure) {
      removeUnrecordedFaces(user, failure);
      throw failure;
    }
    if (indexing.indexed().isEmpty()) {
      Set<QualityIssue> reasons = indexing.notIndexedReasons();
      return decide(result.decision(gateDecision(reasons)).addAllQualityIssues(reasons), event, started);
    }
    IndexedFace face = indexing.indexed().get();
    face.modelVersion().ifPresent(event::modelVersion);
    StoredImage image = null;
    Step<SearchResult> duplicates =
        step("SearchFaces", () -> config.faceIndex().search(probe, policy.searchDepth()));
    Step<StoredImage> upload = step("PutImage", () -> config.imageStore().put(user, face.faceId(), probe));
    try {
      Optional<FaceMatch> other = duplicateOf(user, duplicates.get(), result, event);
      if (other.isPresent()) {
        // Concurrent mode may have uploaded the image already: let it land, then undo it all.
        StoredImage uploaded = upload.settle().orElse(null);
        ProviderException undoFailed = new ProviderException(
            ProviderException.Kind.UNAVAILABLE, "idv", "Register", null,
            "the face belongs to a registered user, and undoing its indexing failed; retry", null);
        compensate(user, requestId, face.faceId(), uploaded, undoFailed);
        if (undoFailed.getSuppressed().length > 0) {
          throw undoFailed;
        }
        return decide(
            result.decision(RegisterDecision.ALREADY_REGISTERED).existingUser(other.get().userId()),
            event,
            started);
      }
      image = upload.get();
      FaceRecord record = record(user, requestId, face, image);
      if (!config.faceRecordStore().create(record)) {
        return concurrentRegistration(user, requestId, face.faceId(), result, event, started);
      }
    } catch (RuntimeException | Error failure) {
      duplicates.cancel();
      StoredImage uploaded = image != null ? image : upload.settle().orElse(null);
      compensate(user, requestId, face.faceId(), uploaded, failure);
      throw failure;
    }
    return decide(
        result.decision(RegisterDecision.REGISTERED).faceId(face.faceId()).image(image), event, started);
  }

  /** Returns another user whose face matches the probe at or above the duplicate threshold. */
  private Optional<FaceMatch> duplicateOf(
      UserId user, SearchResult search, RegisterResult.Builder result, DecisionEvent.Builder event) {
    search.modelVersion().ifPresent(event::modelVersion);
    event.putThreshold("duplicate", policy.duplicateThreshold());
    Optional<FaceMatch> closest =
        search.matches().stream().filter(match -> !match.userId().equals(user)).findFirst();
    closest.ifPresent(match -> {
      result.duplicateSimilarity(match.similarity());
      event.putScore("duplicate", match.similarity());
    });
    return closest.filter(match -> match.similarity().isAtLeast(policy.duplicateThreshold()));
  }

  private FaceRecord record(UserId user, String requestId, IndexedFace face, StoredImage image) {
    FaceRecord.Builder record =
        FaceRecord.builder()
            .userId(user)
            .faceId(face.faceId())
            .image(image)
            .provider(face.provider())
            .collectionId(face.collectionId())
            .requestId(requestId)
            .createdAt(config.clock().instant())
            .confidence(face.face().map(DetectedFace::confidence).orElse(1.0));
    face.modelVersion().ifPresent(record::modelVersion);
    face.face().flatMap(f -> boxed(f.brightness())).ifPresent(record::brightness);
    face.face().flatMap(f -> boxed(f.sharpness())).ifPresent(record::sharpness);
    return record.build();
  }

  /**
   * The record for this face already existed: a concurrent registration of the same image won. Its
   * face and image are the winner's, so nothing is undone.
   */
  private RegisterResult concurrentRegistration(
      UserId user,
      String requestId,
      FaceId faceId,
      RegisterResult.Builder result,
      DecisionEvent.Builder event,
      long started) {
    Optional<FaceRecord> winner = config.faceRecordStore().findByFace(faceId);
    if (winner.isPresent() && winner.get().userId().equals(user) && winner.get().requestId().equals(requestId)) {
      return replay(result, event, winner.get(), started);
    }
    LOG.debug("Register lost a race for face {}; the face belongs to an existing registration", faceId);
    result.decision(RegisterDecision.ALREADY_REGISTERED);
    winner.ifPresent(w -> result.existingUser(w.userId()));
    return decide(result, event, started);
  }

  /** Undoes the side effects of a failed registration; failures to undo are suppressed on the cause. */
  private void compensate(
      UserId user, String requestId, FaceId faceId, @Nullable StoredImage image, Throwable failure) {
    LOG.debug("Register failed after indexing face {}; undoing its side effects", faceId);
    Optional<FaceRecord> existing = Optional.empty();
    try {
      existing = config.faceRecordStore().findByFace(faceId);
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
    if (existing.isPresent() && !existing.get().requestId().equals(requestId)) {
      LOG.debug("Face {} belongs to another registration; leaving it in place", faceId);
      return;
    }
    undo(failure, "record", () -> config.faceRecordStore().delete(user, faceId));
    undo(failure, "image", () -> {
      // A put that failed may still have written: find the image by its key.
      String key = ImageKeys.key(user, faceId);
      List<StoredImage> images =
          image != null
              ? List.of(image)
              : config.imageStore().list(user).stream()
                  .filter(stored -> stored.uri().toString().endsWith(key))
                  .toList();
      images.forEach(config.imageStore()::delete);
    });
    undo(failure, "face", () -> config.faceIndex().deleteFaces(user, List.of(faceId)));
  }

  /**
   * An index call that failed may still have indexed the face (the provider wrote, then the reply
   * was lost). Faces of the user without a record belong to no registration, so they are removed.
   */
  private void removeUnrecordedFaces(UserId user, Throwable failure) {
    undo(failure, "face", () -> {
      Set<FaceId> recorded = new LinkedHashSet<>();
      config.faceRecordStore().findByUser(user).forEach(record -> recorded.add(record.faceId()));
      List<FaceId> unrecorded =
          config.faceIndex().listFaces(user).stream()
              .map(IndexedFace::faceId)
              .filter(faceId -> !recorded.contains(faceId))
              .toList();
      if (!unrecorded.isEmpty()) {
        LOG.debug("Removing {} unrecorded face(s) after a failed index call", unrecorded.size());
        config.faceIndex().deleteFaces(user, unrecorded);
      }
    });
  }

  private static void undo(Throwable failure, String what, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      LOG.warn("Could not undo the {} of a failed registration; a reconciliation will find it: {}",
          what, e.toString());
      failure.addSuppressed(e);
    }
  }

  private RegisterResult replay(
      RegisterResult.Builder result, DecisionEvent.Builder event, FaceRecord record, long started) {
    record.modelVersion().ifPresent(event::modelVersion);
    return decide(
        result
            .decision(RegisterDecision.REGISTERED)
            .faceId(record.faceId())
            .image(record.image())
            .replayed(true),
        event,
        started);
  }

  private ImageSource normalizeSource(ImageSource source) {
    return source instanceof FaceImage image ? image.normalize(config.imageLimits()) : source;
  }

  private static RegisterDecision gateDecision(Set<QualityIssue> issues) {
    if (issues.contains(QualityIssue.NO_FACE)) {
      return RegisterDecision.NO_FACE;
    }
    if (issues.contains(QualityIssue.MULTIPLE_FACES)) {
      return RegisterDecision.MULTIPLE_FACES;
    }
    return RegisterDecision.LOW_QUALITY;
  }

  // ------------------------------------------------------------------------------------- login

  @Override
  public LoginResult login(LoginRequest request) {
    long started = System.nanoTime();
    UserId user = request.userId();
    FaceImage probe = request.selfie().normalize(config.imageLimits());
    LoginResult.Builder result = LoginResult.builder().userId(user);
    DecisionEvent.Builder event = event(Flow.LOGIN, user);

    Step<List<FaceRecord>> registrations =
        step("FindRecords", () -> config.faceRecordStore().findByUser(user));
    Probe found = probe(probe);
    try {
      Set<FaceId> recordedFaces = new LinkedHashSet<>();
      registrations.get().forEach(record -> recordedFaces.add(record.faceId()));
      if (recordedFaces.isEmpty()) {
        return decide(result.decision(LoginDecision.NOT_REGISTERED), event, started);
      }
      Set<QualityIssue> issues = QualityEvaluator.evaluate(found.faces(), policy.loginQualityGate());
      if (!issues.isEmpty()) {
        return decide(
            result.decision(loginGateDecision(issues)).addAllQualityIssues(issues), event, started);
      }
      SearchResult search = found.search();
      search.modelVersion().ifPresent(event::modelVersion);
      event.putThreshold("login", policy.loginThreshold());
      Optional<FaceMatch> claimed =
          search.matches().stream().filter(match -> match.userId().equals(user)).findFirst();
      if (claimed.isPresent() && !isRecorded(claimed.get(), recordedFaces)) {
        warnUnrecorded("Login", claimed.get());
        claimed = Optional.empty();
      }
      if (claimed.isEmpty()) {
        return decide(result.decision(LoginDecision.NOT_MATCHED), event, started);
      }
      Similarity similarity = claimed.get().similarity();
      result.similarity(similarity);
      claimed.get().faceId().ifPresent(result::matchedFace);
      event.putScore("login", similarity);
      boolean anotherAsClose =
          search.matches().stream()
              .anyMatch(match -> !match.userId().equals(user) && match.similarity().isAtLeast(similarity));
      boolean verified = similarity.isAtLeast(policy.loginThreshold()) && !anotherAsClose;
      return decide(
          result.decision(verified ? LoginDecision.VERIFIED : LoginDecision.NOT_MATCHED), event, started);
    } finally {
      registrations.cancel();
      found.cancel();
    }
  }

  /**
   * Whether a match is on a face of one of {@code recordedFaces}. A face in the index without a
   * record belongs to no registration: a crash or a failed compensation left it, and matching on it
   * would let in whoever had it indexed. A match without a face id cannot be checked and counts.
   */
  private static boolean isRecorded(FaceMatch match, Set<FaceId> recordedFaces) {
    return match.faceId().map(recordedFaces::contains).orElse(true);
  }

  private static void warnUnrecorded(String flow, FaceMatch match) {
    LOG.warn("{} ignored a match on face {}, which has no record; a reconciliation will remove it",
        flow, match.faceId().map(FaceId::value).orElse("?"));
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

  // ---------------------------------------------------------------------------------- identify

  @Override
  public IdentifyResult identify(IdentifyRequest request) {
    if (!policy.identificationEnabled()) {
      throw new IllegalStateException(
          "identify() is off by default: 1:N search names the nearest enrolled person. Enable it"
              + " with VerificationPolicy.builder().from(policy).identificationEnabled(true)");
    }
    long started = System.nanoTime();
    FaceImage probe = request.selfie().normalize(config.imageLimits());
    IdentifyResult.Builder result = IdentifyResult.builder();
    DecisionEvent.Builder event = DecisionEvent.builder().flow(Flow.IDENTIFY);
    Probe found = probe(probe);
    try {
      Set<QualityIssue> issues = QualityEvaluator.evaluate(found.faces(), policy.loginQualityGate());
      if (!issues.isEmpty()) {
        IdentifyDecision decision =
            issues.contains(QualityIssue.NO_FACE)
                ? IdentifyDecision.NO_FACE
                : issues.contains(QualityIssue.MULTIPLE_FACES)
                    ? IdentifyDecision.MULTIPLE_FACES
                    : IdentifyDecision.LOW_QUALITY;
        return decide(result.decision(decision).addAllQualityIssues(issues), event, started);
      }
      SearchResult search = found.search();
      search.modelVersion().ifPresent(event::modelVersion);
      event.putThreshold("identify", policy.identifyThreshold());
      List<FaceMatch> matches = search.matches();
      if (matches.isEmpty()) {
        return decide(result.decision(IdentifyDecision.NOT_RECOGNIZED), event, started);
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
        return decide(result.decision(IdentifyDecision.IDENTIFIED).userId(best.userId()), event, started);
      }
      return decide(result.decision(IdentifyDecision.NOT_RECOGNIZED), event, started);
    } finally {
      found.cancel();
    }
  }

  /**
   * Whether the face {@code match} is on has a record of its user; see {@link #isRecorded}. Costs one
   * lookup of the user's records, made only before a match is reported as identified; by user, not
   * by face, since a store's index by face may lag behind its writes.
   */
  private boolean isRegistered(FaceMatch match) {
    if (match.faceId().isEmpty()) {
      return true;
    }
    Set<FaceId> recordedFaces = new LinkedHashSet<>();
    config.faceRecordStore().findByUser(match.userId()).forEach(record -> recordedFaces.add(record.faceId()));
    boolean recorded = isRecorded(match, recordedFaces);
    if (!recorded) {
      warnUnrecorded("Identify", match);
    }
    return recorded;
  }

  // ------------------------------------------------------------------------------------ forget

  @Override
  public ForgetResult forget(ForgetRequest request) {
    long started = System.nanoTime();
    UserId user = request.userId();
    try (UserLocks.Held held = userLocks.lock(user)) {
      return forget(user, started);
    }
  }

  private ForgetResult forget(UserId user, long started) {
    Erasure erasure = new Erasure(user);
    for (int round = 1; erasure.sweep(); round++) {
      if (round == FORGET_CONFIRM_ATTEMPTS) {
        throw new ProviderException(
            ProviderException.Kind.CONFLICT,
            "idv",
            "Forget",
            null,
            "after " + FORGET_CONFIRM_ATTEMPTS + " rounds " + user + " still has data, probably"
                + " from a registration running at the same time; call forget again",
            null);
      }
    }
    ForgetResult receipt =
        ForgetResult.builder()
            .userId(user)
            .deletedFaces(erasure.faces)
            .deletedImages(erasure.images)
            .deletedRecords(erasure.records)
            .completedAt(config.clock().instant())
            .build();
    publish(
        event(Flow.FORGET, user).decision(receipt.anythingDeleted() ? "FORGOTTEN" : "NOTHING_TO_FORGET"),
        started);
    LOG.debug("Forget done [user={}, faces={}, images={}, records={}]",
        user, erasure.faces.size(), erasure.images, erasure.records);
    return receipt;
  }

  /**
   * Erases a user's data in rounds until a listing finds nothing. Faces go first, so the user stops
   * matching at once; a record goes only after its face and image, so a failed round leaves every
   * remaining face and image reachable from a record (or from the user's listings) for the retry.
   */
  private final class Erasure {
    private final UserId user;
    private final Set<FaceId> faces = new LinkedHashSet<>();
    private int images;
    private int records;

    Erasure(UserId user) {
      this.user = user;
    }

    /** Deletes what one listing finds; returns whether it found anything. */
    boolean sweep() {
      List<FaceRecord> recorded = config.faceRecordStore().findByUser(user);
      Set<FaceId> listedFaces = new LinkedHashSet<>();
      config.faceIndex().listFaces(user).forEach(face -> listedFaces.add(face.faceId()));
      recorded.forEach(record -> listedFaces.add(record.faceId()));
      Set<StoredImage> listedImages = new LinkedHashSet<>(config.imageStore().list(user));
      recorded.forEach(record -> listedImages.add(record.image()));
      if (listedFaces.isEmpty() && listedImages.isEmpty() && recorded.isEmpty()) {
        return false;
      }
      if (!listedFaces.isEmpty()) {
        faces.addAll(config.faceIndex().deleteFaces(user, listedFaces));
      }
      for (StoredImage image : listedImages) {
        if (config.imageStore().delete(image)) {
          images++;
        }
      }
      for (FaceRecord record : recorded) {
        if (config.faceRecordStore().delete(user, record.faceId())) {
          records++;
        }
      }
      return true;
    }
  }

  // ---------------------------------------------------------------------------------- plumbing

  /**
   * The faces of a probe and the search for it. Detection is skipped when the search reports every
   * face of the probe with the facts the gate needs; in concurrent mode it runs alongside the
   * search in case the search does not.
   */
  private final class Probe {
    private final FaceImage image;
    private final Step<SearchResult> search;
    private final Step<List<DetectedFace>> detection;

    Probe(FaceImage image) {
      this.image = image;
      this.detection = step("DetectFaces", () -> config.faceDetector().detect(this.image).faces());
      this.search = step("SearchFaces", () -> config.faceIndex().search(this.image, policy.searchDepth()));
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

  private Probe probe(FaceImage probe) {
    return new Probe(probe);
  }

  private <T> Step<T> step(String operation, Supplier<T> call) {
    return executor == null ? Step.lazy(call) : Step.started(executor, operation, call);
  }

  private DecisionEvent.Builder event(Flow flow, UserId user) {
    return DecisionEvent.builder().flow(flow).userId(user);
  }

  private RegisterResult decide(RegisterResult.Builder result, DecisionEvent.Builder event, long started) {
    RegisterResult built = result.build();
    event.addAllQualityIssues(built.qualityIssues());
    publish(event.decision(built.decision().name()), started);
    LOG.debug("Register decided [decision={}, user={}, requestId={}, faceId={}, replayed={}]",
        built.decision(), built.userId(), built.requestId(), built.faceId().orElse(null), built.replayed());
    return built;
  }

  private LoginResult decide(LoginResult.Builder result, DecisionEvent.Builder event, long started) {
    LoginResult built = result.build();
    event.addAllQualityIssues(built.qualityIssues());
    publish(event.decision(built.decision().name()), started);
    LOG.debug("Login decided [decision={}, user={}, similarity={}]",
        built.decision(), built.userId(), built.similarity().orElse(null));
    return built;
  }

  private IdentifyResult decide(IdentifyResult.Builder result, DecisionEvent.Builder event, long started) {
    IdentifyResult built = result.build();
    event.addAllQualityIssues(built.qualityIssues());
    publish(event.decision(built.decision().name()), started);
    LOG.debug("Identify decided [decision={}, user={}, similarity={}]",
        built.decision(), built.userId().orElse(null), built.similarity().orElse(null));
    return built;
  }

  private void publish(DecisionEvent.Builder event, long started) {
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

  private static Optional<Double> boxed(java.util.OptionalDouble value) {
    return value.isPresent() ? Optional.of(value.getAsDouble()) : Optional.empty();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (ownsExecutor && executor != null) {
      executor.shutdownNow();
    }
    List<AutoCloseable> resources = new ArrayList<>(config.closeables());
    java.util.Collections.reverse(resources);
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("Closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
      }
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "idv-flow-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public String toString() {
    return "IdentityVerifier[execution=" + config.execution() + "]";
  }
}
