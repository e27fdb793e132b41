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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link Reconciler} over three ports. Not API: use {@code Reconciler.create(..)}. */
public final class DefaultReconciler implements Reconciler {

  private static final Logger LOG = LoggerFactory.getLogger(DefaultReconciler.class);

  private final FaceIndex faceIndex;
  private final ImageStore imageStore;
  private final FaceRecordStore faceRecordStore;

  /** Creates the reconciler; see {@code Reconciler.create(..)}. */
  public DefaultReconciler(FaceIndex faceIndex, ImageStore imageStore, FaceRecordStore faceRecordStore) {
    this.faceIndex = Objects.requireNonNull(faceIndex, "faceIndex");
    this.imageStore = Objects.requireNonNull(imageStore, "imageStore");
    this.faceRecordStore = Objects.requireNonNull(faceRecordStore, "faceRecordStore");
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
    // Faces first, by user; a record written since the scan (a registration that committed after
    // all) keeps its face.
    Map<UserId, List<FaceId>> facesByUser = new LinkedHashMap<>();
    found.unrecordedFaces().forEach(face ->
        facesByUser.computeIfAbsent(face.userId(), user -> new java.util.ArrayList<>()).add(face.faceId()));
    facesByUser.forEach((user, faceIds) -> {
      Set<FaceId> recorded =
          faceRecordStore.findByUser(user).stream().map(FaceRecord::faceId).collect(Collectors.toSet());
      List<FaceId> unrecorded = faceIds.stream().filter(faceId -> !recorded.contains(faceId)).toList();
      if (!unrecorded.isEmpty()) {
        faceIndex.deleteFaces(user, unrecorded);
      }
    });
    found.unrecordedImages().forEach(imageStore::delete);
    // A broken registration goes face, image, record: the record last, so a repair that fails
    // part-way leaves the record to find the rest again.
    for (FaceRecord record : found.incompleteRecords()) {
      faceIndex.deleteFaces(record.userId(), List.of(record.faceId()));
      imageStore.delete(record.image());
      faceRecordStore.delete(record.userId(), record.faceId());
    }
    LOG.debug("Reconciliation repaired [{}]", found.summary());
    return found;
  }

  private ReconciliationReport find(boolean repairing) {
    List<FaceRecord> records = faceRecordStore.findAll();
    List<IndexedFace> faces = faceIndex.listAllFaces();
    List<StoredImage> images = imageStore.listAll();

    Set<FaceId> indexed = faces.stream().map(IndexedFace::faceId).collect(Collectors.toSet());
    Set<StoredImage> stored = Set.copyOf(images);
    Set<FaceId> recordedFaces = records.stream().map(FaceRecord::faceId).collect(Collectors.toSet());
    Set<StoredImage> recordedImages = records.stream().map(FaceRecord::image).collect(Collectors.toSet());

    return ReconciliationReport.builder()
        .addAllUnrecordedFaces(faces.stream().filter(face -> !recordedFaces.contains(face.faceId())).toList())
        .addAllUnrecordedImages(images.stream().filter(image -> !recordedImages.contains(image)).toList())
        .addAllIncompleteRecords(records.stream()
            .filter(record -> !indexed.contains(record.faceId()) || !stored.contains(record.image()))
            .toList())
        .repaired(repairing)
        .build();
  }
}
