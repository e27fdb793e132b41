package io.github.idvkit.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.FaceId;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.FaceRecord;
import io.github.idvkit.spi.FaceRecordStore;
import io.github.idvkit.spi.ImageKeys;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link FaceRecordStore}: every provider's store passes this suite.
 *
 * <pre>{@code
 * class InMemoryFaceRecordStoreTest extends FaceRecordStoreContract {
 *   @Override protected FaceRecordStore newSubject() { return InMemoryFaceRecordStore.create(); }
 * }
 * }</pre>
 *
 * <p>Records are compared whole after a round trip, with times in whole milliseconds.
 */
public abstract class FaceRecordStoreContract {

  private static final Instant T0 = Instant.parse("2026-11-27T10:15:30.123Z");

  private FaceRecordStore store;

  /** Creates the suite. */
  protected FaceRecordStoreContract() {}

  /**
   * Returns a new store to test; called before every test. Users and faces are new per test, so
   * the store need not be empty.
   *
   * @return the store
   */
  protected abstract FaceRecordStore newSubject();

  /** Waits until the store's last writes are visible to reads. Does nothing by default. */
  protected void awaitConsistency() {}

  /** Releases what {@link #newSubject()} made; called after every test. */
  protected void cleanUp() {}

  @BeforeEach
  final void createSubject() {
    store = newSubject();
  }

  @AfterEach
  final void releaseSubject() {
    cleanUp();
  }

  private static UserId newUser() {
    return UserId.of("contract+" + UUID.randomUUID() + "@example.com");
  }

  private static FaceRecord record(UserId user, Instant createdAt) {
    FaceId face = FaceId.of(UUID.randomUUID().toString());
    return FaceRecord.builder()
        .userId(user)
        .faceId(face)
        .image(StoredImage.of("memory://images/" + ImageKeys.key(user, face)))
        .provider("contract")
        .collectionId("contract-collection")
        .modelVersion("contract-model-1")
        .confidence(0.9991)
        .brightness(0.61)
        .sharpness(0.87)
        .requestId("req-" + UUID.randomUUID())
        .createdAt(createdAt.truncatedTo(ChronoUnit.MILLIS))
        .build();
  }

  // "create ... writes only if no record exists for the same user and face, and says whether it
  // wrote"; "A record is readable as soon as create returns (read-after-write)"
  @Test
  void create_newRecord_returnsTrueAndRecordReadsBackWhole() {
    FaceRecord record = record(newUser(), T0);

    boolean written = store.create(record);

    assertThat(written).isTrue();
    awaitConsistency();
    assertThat(store.findByFace(record.faceId())).contains(record);
    assertThat(store.findByUser(record.userId())).containsExactly(record);
  }

  // Records "hold ... quality" facts only when measured: absent facts stay absent.
  @Test
  void create_recordWithoutOptionalFacts_readsBackWithoutThem() {
    FaceRecord full = record(newUser(), T0);
    FaceRecord record =
        FaceRecord.builder()
            .userId(full.userId())
            .faceId(full.faceId())
            .image(full.image())
            .provider(full.provider())
            .collectionId(full.collectionId())
            .confidence(full.confidence())
            .requestId(full.requestId())
            .createdAt(full.createdAt())
            .build();

    store.create(record);

    awaitConsistency();
    assertThat(store.findByFace(record.faceId())).contains(record);
  }

  // "writes only if no record exists for the same user and face"
  @Test
  void create_existingUserAndFace_returnsFalseAndKeepsFirstRecord() {
    FaceRecord first = record(newUser(), T0);
    store.create(first);
    FaceRecord second =
        FaceRecord.builder().from(first).requestId("other-request").createdAt(T0.plusSeconds(5)).build();

    boolean written = store.create(second);

    assertThat(written).isFalse();
    awaitConsistency();
    assertThat(store.findByFace(first.faceId())).contains(first);
  }

  // "writes only if no record exists for the same user and face": another user is another key.
  @Test
  void create_sameFaceIdForAnotherUser_writes() {
    FaceRecord first = record(newUser(), T0);
    store.create(first);
    FaceRecord other = FaceRecord.builder().from(first).userId(newUser()).build();

    assertThat(store.create(other)).isTrue();
  }

  // "of concurrent creates of one key exactly one wins."
  @Test
  void create_concurrentlyForOneKey_exactlyOneWins() {
    FaceRecord record = record(newUser(), T0);

    List<Boolean> written =
        Concurrently.run(8, n -> store.create(FaceRecord.builder().from(record).requestId("req-" + n).build()));

    assertThat(written).containsOnlyOnce(true);
    awaitConsistency();
    assertThat(store.findByUser(record.userId())).hasSize(1);
  }

  // "writes only if no record exists": after a delete none exists.
  @Test
  void create_afterDelete_writesAgain() {
    FaceRecord record = record(newUser(), T0);
    store.create(record);
    store.delete(record.userId(), record.faceId());

    assertThat(store.create(record)).isTrue();
  }

  // "findByUser returns every record of the user, oldest first"
  @Test
  void findByUser_severalRecords_returnsThemOldestFirst() {
    UserId user = newUser();
    FaceRecord middle = record(user, T0.plusSeconds(60));
    FaceRecord newest = record(user, T0.plusSeconds(120));
    FaceRecord oldest = record(user, T0);
    store.create(middle);
    store.create(newest);
    store.create(oldest);
    store.create(record(newUser(), T0));
    awaitConsistency();

    List<FaceRecord> found = store.findByUser(user);

    assertThat(found).containsExactly(oldest, middle, newest);
  }

  // "findByUser ... empty for an unknown user"
  @Test
  void findByUser_unknownUser_returnsEmpty() {
    store.create(record(newUser(), T0));
    awaitConsistency();

    assertThat(store.findByUser(newUser())).isEmpty();
  }

  // "findByFace returns empty for an unknown face."
  @Test
  void findByFace_unknownFace_returnsEmpty() {
    store.create(record(newUser(), T0));
    awaitConsistency();

    assertThat(store.findByFace(FaceId.of(UUID.randomUUID().toString()))).isEmpty();
  }

  // "delete is idempotent and returns whether the record existed."
  @Test
  void delete_existingRecord_returnsTrueThenFalseAndRecordIsGone() {
    FaceRecord record = record(newUser(), T0);
    store.create(record);
    FaceRecord kept = record(record.userId(), T0.plusSeconds(1));
    store.create(kept);

    boolean first = store.delete(record.userId(), record.faceId());
    boolean second = store.delete(record.userId(), record.faceId());

    assertThat(first).isTrue();
    assertThat(second).isFalse();
    awaitConsistency();
    assertThat(store.findByFace(record.faceId())).isEmpty();
    assertThat(store.findByUser(record.userId())).containsExactly(kept);
  }

  // "delete ... returns whether the record existed": a face of another user is not this one.
  @Test
  void delete_faceOfAnotherUser_returnsFalseAndKeepsIt() {
    FaceRecord record = record(newUser(), T0);
    store.create(record);

    boolean deleted = store.delete(newUser(), record.faceId());

    assertThat(deleted).isFalse();
    awaitConsistency();
    assertThat(store.findByFace(record.faceId())).contains(record);
  }

  // "findAll returns every record of every user, each once"
  @Test
  void findAll_recordsOfSeveralUsers_returnsEachRecordOnce() {
    UserId user = newUser();
    FaceRecord first = record(user, T0);
    FaceRecord second = record(user, T0.plusSeconds(1));
    FaceRecord other = record(newUser(), T0);
    store.create(first);
    store.create(second);
    store.create(other);
    awaitConsistency();

    List<FaceRecord> found = store.findAll();

    assertThat(found).contains(first, second, other).doesNotHaveDuplicates();
  }

  // "findAll returns every record": a deleted record is no longer one.
  @Test
  void findAll_afterDelete_omitsDeletedRecord() {
    FaceRecord deleted = record(newUser(), T0);
    FaceRecord kept = record(newUser(), T0);
    store.create(deleted);
    store.create(kept);
    store.delete(deleted.userId(), deleted.faceId());
    awaitConsistency();

    assertThat(store.findAll()).contains(kept).doesNotContain(deleted);
  }
}
