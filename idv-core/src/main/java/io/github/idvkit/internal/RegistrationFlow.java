package io.github.idvkit.internal;

import io.github.idvkit.DecisionEvent;
import io.github.idvkit.DetectedFace;
import io.github.idvkit.FaceId;
import io.github.idvkit.FaceImage;
import io.github.idvkit.Flow;
import io.github.idvkit.ImageSource;
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
import io.github.idvkit.spi.Consistency;
import io.github.idvkit.spi.FaceIndex;
import io.github.idvkit.spi.FaceMatch;
import io.github.idvkit.spi.FaceRecord;
import io.github.idvkit.spi.FaceRecordStore;
import io.github.idvkit.spi.IndexResult;
import io.github.idvkit.spi.IndexedFace;
import io.github.idvkit.spi.RegistrationIntent;
import io.github.idvkit.spi.SearchResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registration as a journaled saga. Read top to bottom:
 *
 * <ol>
 *   <li><b>Claim</b> the user: a conditional {@link RegistrationIntent} in the record store, before
 *       any side effect. A committed intent of the same request is replayed; another request for a
 *       registered user, or for a user whose registration is running, gets a decision. A retry of a
 *       running request waits (bounded) for it. A pending intent older than the intent timeout
 *       belongs to an attempt that died: it is taken over and its recorded side effects undone.
 *   <li><b>Check and index</b>: quality gate on the selfie and comparison with the ID photo. When
 *       the index reports every face with the facts the gate checks, the face is indexed at once,
 *       alongside the comparison, and gated on the index's own report (a refused face is removed
 *       again); else a detector gates the selfie before anything is indexed.
 *   <li><b>Journal</b> the face id in the intent, <b>associate</b> the face with its user, run the
 *       <b>duplicate check</b> and <b>store</b> the image, together: the check is a face-level
 *       search that sees the new face (on an eventually consistent index, searched again once the
 *       index shows it, so it also sees every face indexed before it); another user's face at or
 *       above the duplicate threshold undoes everything.
 *   <li><b>Commit</b>: the intent turns committed with the record, in one conditional write that
 *       only the holder can make. The record is written after it.
 * </ol>
 *
 * <p>A failure before the commit undoes what this attempt journaled and releases the intent; if the
 * undo itself fails, the intent stays pending with its journal, so the next attempt or the {@code
 * Reconciler} finishes the undo once it is stale. Not API.
 */
final class RegistrationFlow {

  private static final Logger LOG = LoggerFactory.getLogger(RegistrationFlow.class);
  private static final Duration FIRST_PAUSE = Duration.ofMillis(20);
  private static final Duration LONGEST_PAUSE = Duration.ofMillis(500);

  private final FlowSupport support;
  private final VerifierConfig config;
  private final VerificationPolicy policy;
  private final FaceIndex faceIndex;
  private final FaceRecordStore records;
  private final RegistrationUndo undo;
  private final UserLocks userLocks;

  RegistrationFlow(FlowSupport support, UserLocks userLocks) {
    this.support = support;
    this.config = support.config;
    this.policy = support.policy;
    this.faceIndex = config.faceIndex();
    this.records = config.faceRecordStore();
    this.undo = new RegistrationUndo(faceIndex, config.imageStore(), records);
    this.userLocks = userLocks;
  }

  RegisterResult register(RegisterRequest request) {
    long started = System.nanoTime();
    UserId user = request.userId();
    String requestId = request.requestId().orElseGet(() -> request.selfie().orElseThrow().sha256().substring(0, 32));
    FaceImage probe = request.selfie().orElseThrow().normalize(config.imageLimits());
    Optional<ImageSource> idPhoto =
        request.idPhoto().map(source -> source instanceof FaceImage image ? image.normalize(config.imageLimits()) : source);
    try (UserLocks.Held held = userLocks.lock(user)) {
      return new Attempt(user, requestId, probe, idPhoto, request.replaceExisting(), request.addFace(),
          request.clearedDuplicates(), started).run();
    }
  }

  /** One attempt at one registration request. */
  private final class Attempt {
    private final UserId user;
    private final String requestId;
    private final String attemptId = UUID.randomUUID().toString();
    private final FaceImage probe;
    private final Optional<ImageSource> idPhoto;
    private final boolean replaceExisting;
    /** Adding a face: the user's faces stay, and the selfie must match the latest of them. */
    private final boolean addFace;
    private final Set<UserId> clearedDuplicates;
    private final long started;
    private final RegisterResult.Builder result;
    private final DecisionEvent.Builder event;
    private RegistrationIntent intent;
    /** Set when a commit failed and reading it back failed too: nothing may be undone then. */
    private boolean commitOutcomeUnknown;
    /**
     * Set when this attempt took over a journal on an eventually consistent index: a face that the
     * dead attempt's lost index call wrote may not have been listed yet. Once this attempt's own
     * face shows, every earlier face does, and the leftovers are removed before the commit.
     */
    private boolean sweepAfterSettle;
    /**
     * The user's records when this attempt claimed it (none for a first registration); null after a
     * takeover, which reads none.
     */
    private @Nullable List<FaceRecord> existingRecords;
    /** The index's preparation for associating the user's face ({@code CreateUser}), once started. */
    private @Nullable Step<Boolean> preparation;
    /** Set as the preparation starts: from then on it may have created something to release. */
    private volatile boolean prepared;

    Attempt(
        UserId user,
        String requestId,
        FaceImage probe,
        Optional<ImageSource> idPhoto,
        boolean replaceExisting,
        boolean addFace,
        Set<UserId> clearedDuplicates,
        long started) {
      this.user = user;
      this.replaceExisting = replaceExisting;
      this.addFace = addFace;
      this.clearedDuplicates = clearedDuplicates;
      this.requestId = requestId;
      this.probe = probe;
      this.idPhoto = idPhoto;
      this.started = started;
      this.result = RegisterResult.builder().userId(user).requestId(requestId);
      this.event = support.event(Flow.REGISTER, user).requestId(requestId);
      Instant now = config.clock().instant();
      this.intent =
          RegistrationIntent.builder()
              .userId(user)
              .requestId(requestId)
              .attemptId(attemptId)
              .state(RegistrationIntent.State.PENDING)
              .startedAt(now)
              .updatedAt(now)
              .build();
    }

    RegisterResult run() {
      Optional<RegisterResult> settled = claim();
      if (settled.isPresent()) {
        return settled.get();
      }
      Checks checks = new Checks();
      IndexedFace face;
      try {
        Optional<RegisterResult> rejected = checks.beforeIndex();
        if (rejected.isPresent()) {
          release();
          return rejected.get();
        }
        IndexResult indexing = checks.index();
        if (indexing.indexed().isEmpty()) {
          RegisterResult refused = checks.notIndexed(indexing);
          releasePrepared();
          release();
          return refused;
        }
        face = indexing.indexed().get();
        // Known locally at once: whatever fails from here undoes this face.
        intent = intent.toBuilder().faceId(face.faceId()).updatedAt(config.clock().instant()).build();
        rejected = checks.afterIndex(indexing);
        if (rejected.isPresent()) {
          retract();
          return rejected.get();
        }
      } catch (IndexOutcomeUnknown unknown) {
        checks.cancel();
        abandon(unknown.failure, true);
        throw unknown.failure;
      } catch (RuntimeException | Error failure) {
        checks.cancel();
        abandon(failure, false);
        throw failure;
      }
      return commit(face);
    }

    // ------------------------------------------------------------------------------ 1. claim

    /**
     * Claims the user. The common case, a user with no intent, takes one round trip: the intent is
     * written while the user's records are read. Anything else goes through {@link #contended}.
     */
    private Optional<RegisterResult> claim() {
      Step<List<FaceRecord>> existing = support.step("FindRecords", () -> records.findByUser(user));
      boolean created;
      try {
        created = create();
      } catch (RuntimeException | Error failure) {
        existing.cancel();
        throw failure;
      }
      if (!created) {
        existing.cancel();
        return contended();
      }
      List<FaceRecord> found;
      try {
        found = existing.get();
      } catch (RuntimeException | Error failure) {
        release();
        throw failure;
      }
      existingRecords = found;
      Optional<FaceRecord> earlier =
          found.stream().filter(record -> record.requestId().equals(requestId)).findFirst();
      if (earlier.isPresent() || (!found.isEmpty() && !keepsRegistration())) {
        release();
        return Optional.of(earlier.isPresent() ? replay(earlier.get()) : userAlreadyRegistered());
      }
      return Optional.empty();
    }

    /** Claims a user who has an intent: replays, decides, waits, or takes a stale one over. */
    private Optional<RegisterResult> contended() {
      long deadline = System.nanoTime() + config.registrationWait().toNanos();
      Duration pause = FIRST_PAUSE;
      while (true) {
        Optional<RegistrationIntent> current = records.findIntent(user);
        if (current.isEmpty()) {
          List<FaceRecord> existing = records.findByUser(user);
          Optional<FaceRecord> earlier =
              existing.stream().filter(record -> record.requestId().equals(requestId)).findFirst();
          if (earlier.isPresent()) {
            return Optional.of(replay(earlier.get()));
          }
          if (!existing.isEmpty() && !keepsRegistration()) {
            return Optional.of(userAlreadyRegistered());
          }
          existingRecords = existing;
          if (create()) {
            return Optional.empty();
          }
          continue;
        }
        RegistrationIntent held = current.get();
        if (held.committed()) {
          if (held.requestId().equals(requestId)) {
            return Optional.of(replay(held));
          }
          if (!keepsRegistration()) {
            return Optional.of(userAlreadyRegistered());
          }
          // A replacement or an added face: the committed registration stays valid (its records)
          // until this attempt commits; only its marker goes, so this attempt can write its own intent.
          records.deleteIntent(user, held.attemptId());
          continue;
        }
        if (isStale(held)) {
          if (takeOver(held)) {
            return Optional.empty();
          }
          continue;
        }
        if (!held.requestId().equals(requestId) || System.nanoTime() - deadline > 0) {
          LOG.debug("Register found a registration of the user running [attempt={}]", held.attemptId());
          return Optional.of(support.decide(result.decision(RegisterDecision.REGISTRATION_IN_PROGRESS), event, started));
        }
        pause = sleep(pause);
      }
    }

    /** The user's records as claimed; after a takeover (which read none), read now. */
    private List<FaceRecord> existingRecords() {
      return existingRecords == null ? records.findByUser(user) : existingRecords;
    }

    /** Whether this attempt may register a user who has records: a replacement or an added face. */
    private boolean keepsRegistration() {
      return replaceExisting || addFace;
    }

    /** Writes this attempt's intent; if the write fails, removes it in case it landed anyway. */
    private boolean create() {
      try {
        return records.createIntent(intent);
      } catch (RuntimeException | Error failure) {
        try {
          records.deleteIntent(user, attemptId);
        } catch (RuntimeException e) {
          failure.addSuppressed(e);
        }
        throw failure;
      }
    }

    private boolean isStale(RegistrationIntent held) {
      return held.updatedAt().plus(config.intentTimeout()).isBefore(config.clock().instant());
    }

    /**
     * Takes over the stale intent of an attempt that died, keeping its journal in the new intent
     * until its side effects are undone, so a crash here leaves them findable.
     */
    private boolean takeOver(RegistrationIntent stale) {
      RegistrationIntent.Builder claimed = intent.toBuilder();
      stale.faceId().ifPresent(claimed::faceId);
      RegistrationIntent takeover = claimed.build();
      if (!records.replaceIntent(stale.attemptId(), takeover)) {
        return false;
      }
      LOG.debug("Register took over a stale registration attempt [attempt={}]", stale.attemptId());
      undo.undoTakenOver(takeover);
      sweepAfterSettle = faceIndex.consistency() == Consistency.EVENTUAL;
      if (takeover.faceId().isPresent() && !records.replaceIntent(attemptId, intent)) {
        throw lostIntent();
      }
      return true;
    }

    // ------------------------------------------------------------------------------ 2. check

    /**
     * The checks around indexing: quality gate and ID comparison. When the index reports every
     * face with the facts the gate checks, the gate is decided on that report after indexing (and
     * a refused face removed again), so no separate billed detection runs; the ID comparison then
     * runs alongside indexing. Else the detector gates the selfie before anything is indexed.
     */
    private final class Checks {
      private final boolean gateOnIndex =
          QualityEvaluator.suffices(faceIndex.indexReports(), policy.qualityGate());
      private final Step<List<DetectedFace>> detection;
      private final Step<Optional<Comparison>> comparison;
      /** Adding a face: the selfie against the user's latest registered face. */
      private final Step<Optional<Comparison>> ownComparison;
      private @Nullable Step<IndexResult> indexing;

      Checks() {
        Supplier<List<DetectedFace>> detect = () -> config.faceDetector().detect(probe).faces();
        this.detection = gateOnIndex ? Step.lazy(detect) : support.step("DetectFaces", detect);
        this.comparison =
            support.step("CompareFaces", () -> idPhoto.map(source -> config.faceComparer().compare(source, probe)));
        Optional<FaceRecord> latest = addFace
            ? existingRecords().stream().max(Comparator.comparing(FaceRecord::createdAt))
            : Optional.empty();
        this.ownComparison = support.step("CompareFaces",
            () -> latest.map(record -> config.faceComparer().compare(record.image(), probe)));
        if (gateOnIndex) {
          this.indexing = support.step("IndexFaces", () -> faceIndex.index(user, probe));
          prepare();
        }
      }

      /** The gate, when the detector decides it, and the ID comparison: before any side effect. */
      Optional<RegisterResult> beforeIndex() {
        if (gateOnIndex) {
          return Optional.empty();
        }
        Optional<RegisterResult> refused = gate(detection.get());
        return refused.isPresent() ? refused : compared();
      }

      /** Indexes the selfie (or waits for the indexing started with the checks). */
      IndexResult index() {
        try {
          if (indexing != null) {
            return indexing.get();
          }
          prepare();
          return faceIndex.index(user, probe);
        } catch (RuntimeException | Error failure) {
          throw new IndexOutcomeUnknown(failure);
        }
      }

      /** The decision for a selfie the index did not index, by the gate when it can tell. */
      RegisterResult notIndexed(IndexResult indexing) {
        if (gateOnIndex) {
          Optional<RegisterResult> refused = gate(facesOf(indexing));
          if (refused.isPresent()) {
            return refused.get();
          }
        }
        Set<QualityIssue> reasons = indexing.notIndexedReasons();
        return decide(result.decision(gateDecision(reasons)).addAllQualityIssues(reasons));
      }

      /** The gate on the index's report and the ID comparison, when they ran alongside indexing. */
      Optional<RegisterResult> afterIndex(IndexResult indexing) {
        if (!gateOnIndex) {
          return Optional.empty();
        }
        Optional<RegisterResult> refused = gate(facesOf(indexing));
        return refused.isPresent() ? refused : compared();
      }

      /** The index's faces when they hold what the gate checks; else (a port short of its word) a detector's. */
      private List<DetectedFace> facesOf(IndexResult indexing) {
        boolean sufficient =
            indexing.probeFacesComplete() && QualityEvaluator.measuresAll(indexing.probeFaces(), policy.qualityGate());
        return sufficient ? indexing.probeFaces() : detection.get();
      }

      private Optional<RegisterResult> gate(List<DetectedFace> faces) {
        Set<QualityIssue> issues = QualityEvaluator.evaluate(faces, policy.qualityGate());
        return issues.isEmpty()
            ? Optional.empty()
            : Optional.of(decide(result.decision(gateDecision(issues)).addAllQualityIssues(issues)));
      }

      private Optional<RegisterResult> compared() {
        Optional<RegisterResult> idRefused = comparedWithIdPhoto();
        return idRefused.isPresent() ? idRefused : comparedWithOwnFace();
      }

      /** Adding a face: the selfie must match the user's latest face as a login would. */
      private Optional<RegisterResult> comparedWithOwnFace() {
        Optional<Comparison> compared = ownComparison.get();
        if (compared.isEmpty()) {
          return Optional.empty();
        }
        event.putThreshold("ownFace", policy.loginThreshold());
        Optional<Similarity> similarity = compared.get().bestMatch().map(face -> face.similarity());
        similarity.ifPresent(s -> event.putScore("ownFace", s));
        if (similarity.isEmpty() || !similarity.get().isAtLeast(policy.loginThreshold())) {
          return Optional.of(decide(result.decision(RegisterDecision.USER_NOT_MATCHED)));
        }
        return Optional.empty();
      }

      private Optional<RegisterResult> comparedWithIdPhoto() {
        Optional<Comparison> compared = comparison.get();
        if (compared.isEmpty()) {
          return Optional.empty();
        }
        event.putThreshold("idMatch", policy.idMatchThreshold());
        if (compared.get().sourceFace().isEmpty()) {
          return Optional.of(decide(result.decision(RegisterDecision.ID_PHOTO_NO_FACE)));
        }
        if (compared.get().sourceFaceCount().orElse(1) > 1) {
          return Optional.of(decide(result.decision(RegisterDecision.ID_PHOTO_MULTIPLE_FACES)));
        }
        Optional<Similarity> idSimilarity = compared.get().bestMatch().map(face -> face.similarity());
        idSimilarity.ifPresent(similarity -> {
          result.idSimilarity(similarity);
          event.putScore("idMatch", similarity);
        });
        if (idSimilarity.isEmpty() || !idSimilarity.get().isAtLeast(policy.idMatchThreshold())) {
          return Optional.of(decide(result.decision(RegisterDecision.ID_NOT_MATCHED)));
        }
        return Optional.empty();
      }

      /** Stops the calls no longer needed; an indexing that was started is waited for (it may write). */
      void cancel() {
        detection.cancel();
        comparison.cancel();
        ownComparison.cancel();
        if (indexing != null) {
          indexing.settle();
        }
      }
    }

    /**
     * Starts the index's preparation for associating the user's face ({@link FaceIndex#prepare},
     * Rekognition's {@code CreateUser}) alongside indexing, so the association after the checks is
     * one call. Its failure is only logged: {@link FaceIndex#associate} prepares by itself.
     */
    private void prepare() {
      preparation = support.step("CreateUser", () -> {
        prepared = true;
        try {
          faceIndex.prepare(user);
          return true;
        } catch (RuntimeException e) {
          LOG.debug("Preparing the association failed; the association prepares again: {}", e.toString());
          return false;
        }
      });
    }

    /**
     * Releases what the preparation made ({@link FaceIndex#release}) for a user with no record,
     * once it has landed: an attempt that does not commit leaves no empty Rekognition user.
     */
    private void releasePrepared() {
      if (preparation == null) {
        return;
      }
      preparation.settle();
      if (prepared && existingRecords().isEmpty()) {
        faceIndex.release(user);
      }
    }

    /** An index call failed: it may still have indexed a face. */
    private static final class IndexOutcomeUnknown extends RuntimeException {
      private static final long serialVersionUID = 1L;
      private final transient RuntimeException failure;

      IndexOutcomeUnknown(Throwable failure) {
        super(null, null, false, false);
        this.failure = failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
      }
    }

    // ------------------------------------------------------------------- 3-5. index, commit

    /**
     * With the face indexed and the checks passed: journal its id, check for duplicates, associate
     * the face with its user and store the image (all at once in concurrent mode), then commit and
     * write the record.
     */
    private RegisterResult commit(IndexedFace face) {
      face.modelVersion().ifPresent(event::modelVersion);
      Step<SearchResult> duplicates = support.step("SearchFaces", () -> searchSeeing(face.faceId()));
      Step<Boolean> association = support.step("AssociateFaces", () -> {
        if (preparation != null) {
          preparation.get();
        }
        faceIndex.associate(user, face.faceId());
        return true;
      });
      Step<StoredImage> upload =
          support.step("PutImage", () -> config.imageStore().put(user, face.faceId(), probe));
      FaceRecord record;
      try {
        journal();
        SearchResult searched = duplicates.get();
        if (sweepAfterSettle) {
          undo.removeUnrecordedFaces(user, Set.of(face.faceId()));
        }
        Optional<FaceMatch> other = duplicateOf(searched);
        Optional<FaceMatch> suspect = other.isPresent() ? Optional.empty() : suspectOf(searched);
        if (other.isPresent() || suspect.isPresent()) {
          upload.settle();
          association.settle();
          ProviderException undoFailed = new ProviderException(
              ProviderException.Kind.UNAVAILABLE, "idv", "Register", null,
              "the face resembles a registered user's, and undoing its indexing failed; retry", null);
          abandon(undoFailed, false);
          if (undoFailed.getSuppressed().length > 0) {
            throw undoFailed;
          }
          if (other.isPresent()) {
            return decide(result.decision(RegisterDecision.FACE_ALREADY_REGISTERED).existingUser(other.get().userId()));
          }
          return decide(result.decision(RegisterDecision.DUPLICATE_SUSPECTED).existingUser(suspect.get().userId())
              .duplicateSimilarity(suspect.get().similarity()));
        }
        association.get();
        StoredImage image = upload.get();
        record = record(face, image);
        commit(image, record);
      } catch (RuntimeException | Error failure) {
        duplicates.cancel();
        upload.settle();
        association.settle();
        abandon(failure, false);
        throw failure;
      }
      writeRecord(record);
      if (replaceExisting) {
        removeReplacedFaces(record.faceId());
      }
      return decide(result.decision(RegisterDecision.REGISTERED).faceId(face.faceId()).image(record.image()));
    }

    /** Removes the face of a selfie the checks refused after indexing, then releases the intent. */
    private void retract() {
      RuntimeException failure = new ProviderException(
          ProviderException.Kind.UNAVAILABLE, "idv", "Register", null,
          "the selfie was refused after indexing, and removing its face failed", null);
      abandon(failure, false);
      if (failure.getSuppressed().length > 0) {
        LOG.warn("A refused selfie's face stays until the next attempt or a reconciliation removes it");
      }
    }

    /**
     * Writes this attempt's face id into its intent, so a crash leaves it findable. Fails if the
     * attempt lost its intent (a forget, or a takeover); the caller undoes the face, still ours.
     */
    private void journal() {
      if (!records.replaceIntent(attemptId, intent)) {
        throw lostIntent();
      }
    }

    /**
     * Turns the intent committed. If the write's outcome is unknown, reads it back: a commit that
     * landed must not be undone.
     */
    private void commit(StoredImage image, FaceRecord record) {
      RegistrationIntent committed =
          intent.toBuilder()
              .state(RegistrationIntent.State.COMMITTED)
              .image(image)
              .record(record)
              .updatedAt(config.clock().instant())
              .build();
      boolean held;
      try {
        held = records.replaceIntent(attemptId, committed);
      } catch (RuntimeException | Error failure) {
        Optional<RegistrationIntent> after;
        try {
          after = records.findIntent(user);
        } catch (RuntimeException readFailure) {
          failure.addSuppressed(readFailure);
          // Unknown: leave the journal. A committed intent is rolled forward by a retry or the
          // reconciler; a pending one is undone once stale.
          commitOutcomeUnknown = true;
          throw failure;
        }
        if (after.isPresent() && after.get().attemptId().equals(attemptId) && after.get().committed()) {
          intent = after.get();
          return;
        }
        throw failure;
      }
      if (!held) {
        throw lostIntent();
      }
      intent = committed;
    }

    private void writeRecord(FaceRecord record) {
      // Committed: a failure here is not undone. A retry of the same request (or the reconciler)
      // writes the record from the committed intent; until then login fails closed.
      records.create(record);
    }

    /**
     * Searches for the probe so that the search sees the face this attempt indexed. Writes become
     * visible in the order they were made, so a search that sees it sees every face indexed before
     * it: of two registrations of one face, the later one always sees the earlier. On a
     * read-after-write index the first search does; on an eventually consistent one, a first
     * search that names this face among its matches is enough too (a user-level match is not: it
     * may be on a face an earlier attempt removed, a removal not yet visible). Only when it does
     * not is the index waited for, with the user's face listing, and searched again.
     */
    private SearchResult searchSeeing(FaceId faceId) {
      SearchResult first = faceIndex.searchFaces(probe, policy.searchDepth());
      if (faceIndex.consistency() != Consistency.EVENTUAL || shows(first, faceId)) {
        return first;
      }
      long deadline = System.nanoTime() + config.indexSettleTimeout().toNanos();
      Duration pause = FIRST_PAUSE;
      while (faceIndex.listFaces(user).stream().noneMatch(face -> face.faceId().equals(faceId))) {
        if (System.nanoTime() - deadline > 0) {
          throw new ProviderException(
              ProviderException.Kind.TIMEOUT, "idv", "Register", null,
              "the face index did not show the new face within " + config.indexSettleTimeout()
                  + ", so the duplicate check cannot be trusted; retry",
              null);
        }
        pause = sleep(pause);
      }
      return faceIndex.searchFaces(probe, policy.searchDepth());
    }

    /** Whether a search names this attempt's face among its matches. */
    private static boolean shows(SearchResult search, FaceId faceId) {
      return search.matches().stream().anyMatch(match -> match.faceId().filter(faceId::equals).isPresent());
    }

    /** Returns another user whose face matches the probe at or above the duplicate threshold. */
    /**
     * The closest other user in the review band (at or above {@link
     * VerificationPolicy#duplicateReviewThreshold()}) whom the request has not cleared.
     */
    private Optional<FaceMatch> suspectOf(SearchResult search) {
      if (policy.duplicateReviewThreshold().isEmpty()) {
        return Optional.empty();
      }
      Similarity review = policy.duplicateReviewThreshold().get();
      event.putThreshold("duplicateReview", review);
      return search.matches().stream()
          .filter(match -> !match.userId().equals(user) && !clearedDuplicates.contains(match.userId()))
          .filter(match -> match.similarity().isAtLeast(review))
          .findFirst();
    }

    private Optional<FaceMatch> duplicateOf(SearchResult search) {
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

    private FaceRecord record(IndexedFace face, StoredImage image) {
      FaceRecord.Builder record =
          FaceRecord.builder()
              .userId(user)
              .faceId(face.faceId())
              .image(image)
              .provider(face.provider())
              .collectionId(face.collectionId())
              .requestId(requestId)
              .createdAt(config.clock().instant())
              .confidence(face.face().map(DetectedFace::confidence).orElse(OptionalDouble.empty()));
      face.modelVersion().ifPresent(record::modelVersion);
      face.face().flatMap(f -> boxed(f.brightness())).ifPresent(record::brightness);
      face.face().flatMap(f -> boxed(f.sharpness())).ifPresent(record::sharpness);
      return record.build();
    }

    // ------------------------------------------------------------------------- outcomes

    /**
     * Repeats a committed registration of this request, writing its record if a crash left it out
     * and, for a replacement, removing the faces it replaced if a crash left them.
     */
    private RegisterResult replay(RegistrationIntent committed) {
      FaceRecord record = committed.record().orElseThrow();
      if (records.findByUser(user).stream().noneMatch(r -> r.faceId().equals(record.faceId()))) {
        LOG.debug("Register rolls a committed registration forward [faceId={}]", record.faceId());
        writeRecord(record);
      }
      if (replaceExisting) {
        removeReplacedFaces(record.faceId());
      }
      return replay(record);
    }

    /** Removes every face, image and record of the user but the committed one: a replacement. */
    private void removeReplacedFaces(FaceId kept) {
      for (FaceRecord old : records.findByUser(user)) {
        if (!old.faceId().equals(kept)) {
          undo.removeFace(user, old.faceId());
          config.imageStore().delete(old.image());
          records.delete(user, old.faceId());
        }
      }
    }

    private RegisterResult replay(FaceRecord record) {
      record.modelVersion().ifPresent(event::modelVersion);
      return decide(
          result
              .decision(RegisterDecision.REGISTERED)
              .faceId(record.faceId())
              .image(record.image())
              .replayed(true));
    }

    private RegisterResult userAlreadyRegistered() {
      return decide(result.decision(RegisterDecision.USER_ALREADY_REGISTERED).existingUser(user));
    }

    private RegisterResult decide(RegisterResult.Builder decided) {
      return support.decide(decided, event, started);
    }

    // ----------------------------------------------------------------------------- undo

    /** Releases the intent of an attempt that made no side effect, or undid them. */
    private void release() {
      try {
        records.deleteIntent(user, attemptId);
      } catch (RuntimeException e) {
        LOG.warn("Could not release a registration intent; the next attempt takes it over: {}", e.toString());
        giveUp(e);
      }
    }

    /**
     * Undoes what this attempt journaled, then releases its intent; failures are suppressed on
     * {@code failure}. If the undo fails, the intent stays, so its journal is found again.
     */
    private void abandon(Throwable failure, boolean indexOutcomeUnknown) {
      if (commitOutcomeUnknown) {
        return;
      }
      LOG.debug("Register failed; undoing this attempt's side effects [attempt={}]", attemptId);
      try {
        undo.undo(intent, indexOutcomeUnknown);
        releasePrepared();
      } catch (RuntimeException e) {
        LOG.warn("Could not undo a failed registration; its intent stays, and the next attempt or a"
            + " reconciliation undoes it: {}", e.toString());
        failure.addSuppressed(e);
        giveUp(failure);
        return;
      }
      if (indexOutcomeUnknown && faceIndex.consistency() == Consistency.EVENTUAL) {
        // The lost index call's face may not be listed yet: keep the journal for the next attempt
        // (or the reconciler), which lists the user's faces again.
        giveUp(failure);
        return;
      }
      try {
        records.deleteIntent(user, attemptId);
      } catch (RuntimeException e) {
        failure.addSuppressed(e);
        giveUp(failure);
      }
    }

    /**
     * Marks this attempt's intent as given up (its last write at the epoch), so the next attempt
     * takes it over at once and finishes the undo instead of waiting for it to go stale.
     */
    private void giveUp(Throwable failure) {
      try {
        records.replaceIntent(attemptId, intent.toBuilder().updatedAt(Instant.EPOCH).build());
      } catch (RuntimeException e) {
        failure.addSuppressed(e);
      }
    }

    private ProviderException lostIntent() {
      return new ProviderException(
          ProviderException.Kind.CONFLICT, "idv", "Register", null,
          "the registration was interrupted (the user was forgotten, or a stale attempt was taken"
              + " over); retry",
          null);
    }
  }

  private static Duration sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException(
          ProviderException.Kind.TIMEOUT, "idv", "Register", null, "interrupted while waiting", e);
    }
    Duration next = pause.multipliedBy(2);
    return next.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : next;
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

  private static Optional<Double> boxed(OptionalDouble value) {
    return value.isPresent() ? Optional.of(value.getAsDouble()) : Optional.empty();
  }
}
