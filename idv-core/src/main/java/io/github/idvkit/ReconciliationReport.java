package io.github.idvkit;

import io.github.idvkit.spi.FaceRecord;
import io.github.idvkit.spi.IndexedFace;
import io.github.idvkit.spi.RegistrationIntent;
import java.util.List;
import java.util.stream.Collectors;
import org.immutables.value.Value;

/**
 * What a {@link Reconciler} found out of step, and whether it repaired it.
 *
 * <p>Holds no raw user ids in its text forms: user ids and image references print masked, and
 * {@link #summary()} shows only counts and face ids.
 */
@Value.Immutable
public interface ReconciliationReport {

  /** Indexed faces without a record: a registration that did not commit. */
  List<IndexedFace> unrecordedFaces();

  /** Stored images without a record: a registration that did not commit. */
  List<StoredImage> unrecordedImages();

  /** Records whose face or image is gone: a broken registration. */
  List<FaceRecord> incompleteRecords();

  /**
   * Pending registration intents older than the grace period: attempts that died. Repair takes each
   * over, undoes what it journaled and deletes it.
   */
  List<RegistrationIntent> staleIntents();

  /**
   * Committed intents whose record is missing: a registration that committed, then crashed before
   * writing its record. Repair writes the record (rolls forward).
   */
  List<RegistrationIntent> unfinishedCommits();

  /** Whether the items listed here were deleted ({@link Reconciler#repair()}) or only found. */
  boolean repaired();

  /**
   * Returns how many items were out of step.
   *
   * @return the number of faces, images and records listed
   */
  default int orphanCount() {
    return unrecordedFaces().size() + unrecordedImages().size() + incompleteRecords().size()
        + staleIntents().size() + unfinishedCommits().size();
  }

  /**
   * Tells whether nothing was out of step.
   *
   * @return {@code true} if no face, image or record was listed
   */
  default boolean clean() {
    return orphanCount() == 0;
  }

  /**
   * Returns a one-line summary safe for logs: counts and face ids, never user ids or image keys.
   *
   * @return for example {@code "repaired 2 orphans: faces without record=1 [f-17], images without
   *     record=1, incomplete records=0 []"}
   */
  default String summary() {
    return (repaired() ? "repaired " : "found ") + orphanCount() + " orphans: faces without record="
        + unrecordedFaces().size() + " "
        + unrecordedFaces().stream().map(face -> face.faceId().value()).collect(Collectors.joining(", ", "[", "]"))
        + ", images without record=" + unrecordedImages().size()
        + ", incomplete records=" + incompleteRecords().size() + " "
        + incompleteRecords().stream().map(r -> r.faceId().value()).collect(Collectors.joining(", ", "[", "]"))
        + ", stale intents=" + staleIntents().size()
        + ", unfinished commits=" + unfinishedCommits().size();
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  static Builder builder() {
    return new Builder();
  }

  /** Builds {@link ReconciliationReport}. */
  final class Builder extends ImmutableReconciliationReport.Builder {}
}
