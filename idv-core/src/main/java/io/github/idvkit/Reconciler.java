package io.github.idvkit;

import io.github.idvkit.internal.DefaultReconciler;
import io.github.idvkit.spi.FaceIndex;
import io.github.idvkit.spi.FaceRecordStore;
import io.github.idvkit.spi.ImageStore;
import java.time.Clock;
import java.time.Duration;

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
 * <p>It works from the registration intents in the record store. A pending intent older than the
 * grace period is an attempt that died: repair takes it over, undoes what it journaled and deletes
 * it. A committed intent whose record is missing is rolled forward. A face or image of idv's that no
 * record names, of a user without a registration in flight, belongs to no registration: repair
 * deletes it. A record whose face or image is gone is a broken registration (a forget that crashed
 * half-way, or a provider that lost data): repair deletes what is left of it (face, then image,
 * then the record), so the user can register again.
 *
 * <p>Safe to run while flows run, from any number of instances: a user with a pending intent
 * younger than the grace period is left alone, and only faces and images that idv wrote are ever
 * listed (a collection or bucket shared with other applications keeps their data). Listings are
 * read lazily, in batches, so memory does not grow with the collection; the number of calls does.
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
    return create(faceIndex, imageStore, faceRecordStore, Clock.systemUTC(), DEFAULT_GRACE);
  }

  /**
   * Returns a reconciler with its own clock and grace period.
   *
   * @param faceIndex the verifier's face index
   * @param imageStore the verifier's image store
   * @param faceRecordStore the verifier's record store
   * @param clock the clock intents' ages are measured with
   * @param grace how old a pending registration intent must be to count as dead; at least the
   *     verifiers' intent timeout
   * @return the reconciler
   */
  static Reconciler create(
      FaceIndex faceIndex, ImageStore imageStore, FaceRecordStore faceRecordStore, Clock clock, Duration grace) {
    return new DefaultReconciler(faceIndex, imageStore, faceRecordStore, clock, grace);
  }

  /** The default grace period: 15 minutes, well above the verifiers' default intent timeout. */
  Duration DEFAULT_GRACE = Duration.ofMinutes(15);

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
