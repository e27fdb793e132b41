package io.github.idvkit.internal;

import io.github.idvkit.FaceId;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.FaceIndex;
import io.github.idvkit.spi.FaceRecord;
import io.github.idvkit.spi.FaceRecordStore;
import io.github.idvkit.spi.ImageKeys;
import io.github.idvkit.spi.ImageStore;
import io.github.idvkit.spi.IndexedFace;
import io.github.idvkit.spi.RegistrationIntent;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undoes the side effects of a registration attempt that did not commit. Called only by the holder
 * of the user's intent (the attempt itself, or the attempt that took over a stale intent, or the
 * reconciler after taking it over), so it never touches another attempt's work: while a user has a
 * pending intent, no other attempt can index or store for that user. Every step is idempotent.
 * Not API.
 */
final class RegistrationUndo {

  private static final Logger LOG = LoggerFactory.getLogger(RegistrationUndo.class);

  private final FaceIndex faceIndex;
  private final ImageStore imageStore;
  private final FaceRecordStore faceRecordStore;

  RegistrationUndo(FaceIndex faceIndex, ImageStore imageStore, FaceRecordStore faceRecordStore) {
    this.faceIndex = faceIndex;
    this.imageStore = imageStore;
    this.faceRecordStore = faceRecordStore;
  }

  /**
   * Undoes what a pending intent recorded: its face and that face's image. If {@code indexOutcomeUnknown},
   * an index call failed and may still have indexed a face; faces of the user without a record are
   * then removed too (they belong to no registration: the user's records are its committed faces).
   */
  void undo(RegistrationIntent intent, boolean indexOutcomeUnknown) {
    UserId user = intent.userId();
    intent.faceId().ifPresent(faceId -> removeFace(user, faceId));
    if (indexOutcomeUnknown) {
      removeUnrecordedFaces(user);
    }
  }

  /**
   * Undoes a stale intent that this attempt (or the reconciler) took over: like {@link #undo} with
   * the index outcome unknown, and what {@link FaceIndex#prepare} may have made is released when
   * the user has no record (the dead attempt may have prepared before it journaled anything).
   */
  void undoTakenOver(RegistrationIntent intent) {
    undo(intent, true);
    if (faceRecordStore.findByUser(intent.userId()).isEmpty()) {
      faceIndex.release(intent.userId());
    }
  }

  /** Removes one face of a user and its image, if they exist. */
  void removeFace(UserId user, FaceId faceId) {
    removeImage(user, faceId);
    faceIndex.deleteFaces(user, List.of(faceId));
  }

  /** Removes the image of one face: a put that failed may still have written it, so by its key. */
  void removeImage(UserId user, FaceId faceId) {
    String key = ImageKeys.key(user, faceId);
    for (StoredImage image : imageStore.list(user)) {
      if (image.uri().toString().endsWith(key)) {
        imageStore.delete(image);
      }
    }
  }

  /** Removes every face of the user, and its image, that no record names. */
  void removeUnrecordedFaces(UserId user) {
    removeUnrecordedFaces(user, Set.of());
  }

  /** Removes every face of the user, and its image, that no record names, except {@code kept}. */
  void removeUnrecordedFaces(UserId user, Set<FaceId> kept) {
    Set<FaceId> recorded = new HashSet<>(kept);
    faceRecordStore.findByUser(user).stream().map(FaceRecord::faceId).forEach(recorded::add);
    List<FaceId> unrecorded =
        faceIndex.listFaces(user).stream()
            .map(IndexedFace::faceId)
            .filter(faceId -> !recorded.contains(faceId))
            .toList();
    if (!unrecorded.isEmpty()) {
      LOG.debug("Removing {} face(s) of an attempt that did not commit", unrecorded.size());
      unrecorded.forEach(faceId -> removeImage(user, faceId));
      faceIndex.deleteFaces(user, unrecorded);
    }
  }
}
