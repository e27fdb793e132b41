package io.github.idvkit;

import io.github.idvkit.internal.DefaultReconciler;
import io.github.idvkit.spi.FaceIndex;
import io.github.idvkit.spi.FaceRecordStore;
import io.github.idvkit.spi.ImageStore;

/**
 * Finds and repairs what a crash of the process leaves out of step: indexed faces and stored images
 * without a record, records whose face or image is gone.
 *
 * <pre>{@code
 * Reconciler reconciler = Reconciler.create(faceIndex, imageStore, faceRecordStore);
 * ReconciliationReport found = reconciler.scan();      // reads only
 * if (!found.clean()) {
 *   ReconciliationReport done = reconciler.repair();   // deletes what belongs to no registration
 * }
 * }</pre>
 *
 * <p>A registration commits when its record is written, so a face or image without a record
 * belongs to no registration: {@link #repair()} deletes it. A record whose face or image is gone is
 * a broken registration (a forget that crashed half-way, or a provider that lost data): repair
 * deletes what is left of it (face, then image, then the record), so the user can register again.
 *
 * <p>Run it with the ports of one verifier, while no registration or forget is running against
 * them (at start-up after a crash, or from a maintenance job on a quiet system): a registration in
 * flight has indexed its face before writing its record, and a reconciliation that ran in between
 * would delete that face. Both methods list every face, image and record, so their cost grows with
 * the collection.
 *
 * <p>Thread-safe; holds no state between calls.
 */
public interface Reconciler {

  /**
   * Returns a reconciler over the three stateful ports of a verifier.
   *
   * @param faceIndex the verifier's face index
   * @param imageStore the verifier's image store
   * @param faceRecordStore the verifier's record store
   * @return the reconciler
   */
  static Reconciler create(FaceIndex faceIndex, ImageStore imageStore, FaceRecordStore faceRecordStore) {
    return new DefaultReconciler(faceIndex, imageStore, faceRecordStore);
  }

  /**
   * Lists every face, image and record and reports what is out of step. Changes nothing.
   *
   * @return what was found, with {@link ReconciliationReport#repaired()} {@code false}
   * @throws ConfigurationException if a store or the collection does not exist
   * @throws ProviderException if a provider fails
   */
  ReconciliationReport scan();

  /**
   * Scans as {@link #scan()} does, then deletes faces and images without a record and what is left
   * of broken registrations. Idempotent: after a repair that failed part-way, call it again.
   *
   * @return what was found and repaired, with {@link ReconciliationReport#repaired()} {@code true}
   * @throws ConfigurationException if a store or the collection does not exist
   * @throws ProviderException if a provider fails; what was deleted before stays deleted
   */
  ReconciliationReport repair();
}
