package io.github.idvkit.internal;

import io.github.idvkit.FaceId;
import io.github.idvkit.Reconciler;
import io.github.idvkit.ReconciliationReport;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.FaceIndex;
import io.github.idvkit.spi.FaceRecord;
import io.github.idvkit.spi.FaceRecordStore;
import io.github.idvkit.spi.ImageStore;
import io.github.idvkit.spi.IndexedFace;
import io.github.idvkit.spi.RegistrationIntent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Reconciler} over three ports. Works from the registration intents: a pending intent
 * older than the grace period is an attempt that died; a user with a live pending intent has a
 * registration in flight, and nothing of that user is touched. Reads every listing lazily, in
 * batches, so memory does not grow with the collection; only idv's own faces and images are listed
 * by the ports, so a shared collection or bucket is safe. Not API: use {@code Reconciler.create(..)}.
 */
public final class DefaultReconciler implements Reconciler {

  private static final Logger LOG = LoggerFactory.getLogger(DefaultReconciler.class);
  private static final int BATCH = 500;

  private final FaceIndex faceIndex;
  private final ImageStore imageStore;
  private final FaceRecordStore faceRecordStore;
  private final RegistrationUndo undo;
  private final Clock clock;
  private final Duration grace;

  /** Creates the reconciler; see {@code Reconciler.create(..)}. */
  public DefaultReconciler(
      FaceIndex faceIndex, ImageStore imageStore, FaceRecordStore faceRecordStore, Clock clock, Duration grace) {
    this.faceIndex = Objects.requireNonNull(faceIndex, "faceIndex");
    this.imageStore = Objects.requireNonNull(imageStore, "imageStore");
    this.faceRecordStore = Objects.requireNonNull(faceRecordStore, "faceRecordStore");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.grace = Objects.requireNonNull(grace, "grace");
    this.undo = new RegistrationUndo(faceIndex, imageStore, faceRecordStore);
  }

  @Override
  public ReconciliationReport scan() {
    ReconciliationReport report = find(false);
    LOG.debug("Reconciliation scanned [{}]", report.summary());
    return report;
  }

  @Override
  public ReconciliationReport repair() {
    ReconciliationReport found = find(true);
    if (found.clean()) {
      LOG.debug("Reconciliation found nothing to repair");
      return found;
    }
    for (RegistrationIntent stale : found.staleIntents()) {
      if (stale.committed()) {
        stale.image().ifPresent(imageStore::delete);
        faceRecordStore.deleteIntent(stale.userId(), stale.attemptId());
        continue;
      }
      RegistrationIntent takeover =
          stale.toBuilder().attemptId("reconciler-" + UUID.randomUUID()).updatedAt(clock.instant()).build();
      if (faceRecordStore.replaceIntent(stale.attemptId(), takeover)) {
        undo.undoTakenOver(takeover);
        faceRecordStore.deleteIntent(takeover.userId(), takeover.attemptId());
      }
    }
    for (RegistrationIntent committed : found.unfinishedCommits()) {
      committed.record().ifPresent(faceRecordStore::create);
    }
    Set<FaceId> pendingFaces = pendingFaces();
    Map<UserId, List<FaceId>> facesByUser = new LinkedHashMap<>();
    found.unrecordedFaces().forEach(face ->
        facesByUser.computeIfAbsent(face.userId(), user -> new ArrayList<>()).add(face.faceId()));
    facesByUser.forEach((user, faceIds) -> {
      if (inFlight(user)) {
        return;
      }
      Set<FaceId> kept = keptFaces(user);
      List<FaceId> unrecorded = faceIds.stream().filter(faceId -> !kept.contains(faceId)).toList();
      if (!unrecorded.isEmpty()) {
        faceIndex.deleteFaces(user, unrecorded);
      }
    });
    for (StoredImage image : found.unrecordedImages()) {
      Optional<FaceId> faceId = faceIdOf(image);
      if (faceId.isPresent()
          && (pendingFaces.contains(faceId.get()) || faceRecordStore.findByFace(faceId.get()).isPresent())) {
        continue;
      }
      imageStore.delete(image);
    }
    // A broken registration goes face, image, record: the record last, so a repair that fails
    // part-way leaves the record to find the rest again.
    for (FaceRecord record : found.incompleteRecords()) {
      faceIndex.deleteFaces(record.userId(), List.of(record.faceId()));
      imageStore.delete(record.image());
      faceRecordStore.delete(record.userId(), record.faceId());
      faceRecordStore.findIntent(record.userId())
          .filter(intent -> intent.faceId().equals(Optional.of(record.faceId())))
          .ifPresent(intent -> faceRecordStore.deleteIntent(record.userId(), intent.attemptId()));
    }
    LOG.debug("Reconciliation repaired [{}]", found.summary());
    return found;
  }

  private ReconciliationReport find(boolean repairing) {
    ReconciliationReport.Builder report = ReconciliationReport.builder().repaired(repairing);
    Instant staleBefore = clock.instant().minus(grace);
    Set<FaceId> pendingFaces = new HashSet<>();
    try (Stream<RegistrationIntent> intents = faceRecordStore.findIntents()) {
      intents.forEach(intent -> {
        if (!intent.committed()) {
          intent.faceId().ifPresent(pendingFaces::add);
          if (intent.updatedAt().isBefore(staleBefore)) {
            report.addStaleIntents(intent);
          }
        } else if (intent.record().isPresent() && !isRecorded(intent.userId(), intent.record().get().faceId())) {
          // Committed without its record: roll forward while the face is there; without the face
          // (a forget that crashed before deleting the intent) there is nothing to roll forward.
          boolean indexed =
              faceIndex.listFaces(intent.userId()).stream()
                  .anyMatch(face -> face.faceId().equals(intent.record().get().faceId()));
          if (indexed) {
            report.addUnfinishedCommits(intent);
          } else {
            report.addStaleIntents(intent);
          }
        }
      });
    }
    try (Stream<IndexedFace> faces = faceIndex.listAllFaces()) {
      inBatches(faces, batch -> {
        Map<UserId, List<IndexedFace>> byUser =
            batch.stream().collect(Collectors.groupingBy(IndexedFace::userId, LinkedHashMap::new, Collectors.toList()));
        byUser.forEach((user, userFaces) -> {
          if (inFlight(user)) {
            return;
          }
          Set<FaceId> kept = keptFaces(user);
          userFaces.stream().filter(face -> !kept.contains(face.faceId())).forEach(report::addUnrecordedFaces);
        });
      });
    }
    try (Stream<StoredImage> images = imageStore.listAll()) {
      images.forEach(image -> {
        Optional<FaceId> faceId = faceIdOf(image);
        if (faceId.isPresent()
            && !pendingFaces.contains(faceId.get())
            && faceRecordStore.findByFace(faceId.get()).isEmpty()) {
          report.addUnrecordedImages(image);
        }
      });
    }
    try (Stream<FaceRecord> records = faceRecordStore.findAll()) {
      inBatches(records, batch -> {
        Map<UserId, List<FaceRecord>> byUser =
            batch.stream().collect(Collectors.groupingBy(FaceRecord::userId, LinkedHashMap::new, Collectors.toList()));
        byUser.forEach((user, userRecords) -> {
          Set<FaceId> indexed = new HashSet<>();
          faceIndex.listFaces(user).forEach(face -> indexed.add(face.faceId()));
          Set<StoredImage> stored = new HashSet<>(imageStore.list(user));
          userRecords.stream()
              .filter(record -> !indexed.contains(record.faceId()) || !stored.contains(record.image()))
              .forEach(report::addIncompleteRecords);
        });
      });
    }
    return report.build();
  }

  /** Whether a registration of the user is in flight: a pending intent inside the grace period. */
  private boolean inFlight(UserId user) {
    Optional<RegistrationIntent> intent = faceRecordStore.findIntent(user);
    return intent.isPresent()
        && !intent.get().committed()
        && !intent.get().updatedAt().isBefore(clock.instant().minus(grace));
  }

  /** The faces of a user that belong to a registration: recorded, or committed and about to be. */
  private Set<FaceId> keptFaces(UserId user) {
    Set<FaceId> kept = new HashSet<>();
    faceRecordStore.findByUser(user).forEach(record -> kept.add(record.faceId()));
    faceRecordStore.findIntent(user)
        .filter(RegistrationIntent::committed)
        .flatMap(RegistrationIntent::faceId)
        .ifPresent(kept::add);
    return kept;
  }

  private boolean isRecorded(UserId user, FaceId faceId) {
    return faceRecordStore.findByUser(user).stream().anyMatch(record -> record.faceId().equals(faceId));
  }

  private Set<FaceId> pendingFaces() {
    try (Stream<RegistrationIntent> intents = faceRecordStore.findIntents()) {
      return intents.filter(intent -> !intent.committed())
          .flatMap(intent -> intent.faceId().stream())
          .collect(Collectors.toSet());
    }
  }

  /** The face an image shows, read from its key ({@code .../<face id>.jpg}). */
  private static Optional<FaceId> faceIdOf(StoredImage image) {
    String path = image.uri().getPath();
    if (path == null || !path.endsWith(".jpg")) {
      return Optional.empty();
    }
    String name = path.substring(path.lastIndexOf('/') + 1, path.length() - ".jpg".length());
    if (name.startsWith(LivenessGate.AUDIT_PREFIX)) {
      return Optional.empty(); // a liveness audit image: kept by policy, erased by forget
    }
    try {
      return Optional.of(FaceId.of(name));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static <T> void inBatches(Stream<T> items, Consumer<List<T>> action) {
    Iterator<T> it = items.iterator();
    List<T> batch = new ArrayList<>(BATCH);
    while (it.hasNext()) {
      batch.add(it.next());
      if (batch.size() == BATCH || !it.hasNext()) {
        action.accept(List.copyOf(batch));
        batch.clear();
      }
    }
  }
}
