package io.github.idvkit.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.FaceId;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.FaceRecord;
import io.github.idvkit.spi.FaceRecordStore;
import io.github.idvkit.spi.ImageKeys;
import io.github.idvkit.spi.RegistrationIntent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

    List<FaceRecord> found = store.findAll().toList();

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

    assertThat(store.findAll().toList()).contains(kept).doesNotContain(deleted);
  }

  // ---------------------------------------------------------------------------- intents

  private static RegistrationIntent pending(UserId user, String attemptId) {
    return RegistrationIntent.builder()
        .userId(user)
        .requestId("req-1")
        .attemptId(attemptId)
        .state(RegistrationIntent.State.PENDING)
        .startedAt(T0.truncatedTo(ChronoUnit.MILLIS))
        .updatedAt(T0.truncatedTo(ChronoUnit.MILLIS))
        .build();
  }

  private static RegistrationIntent committed(RegistrationIntent intent) {
    FaceRecord record = FaceRecord.builder().from(record(intent.userId(), T0)).requestId(intent.requestId()).build();
    return intent.toBuilder()
        .state(RegistrationIntent.State.COMMITTED)
        .faceId(record.faceId())
        .image(record.image())
        .record(record)
        .updatedAt(T0.plusSeconds(2).truncatedTo(ChronoUnit.MILLIS))
        .build();
  }

  // "createIntent writes only if none exists"; "findIntent reads the latest intent"
  @Test
  void createIntent_noIntent_writesAndReadsBackWhole() {
    RegistrationIntent intent = pending(newUser(), "a1");

    boolean written = store.createIntent(intent);

    assertThat(written).isTrue();
    assertThat(store.findIntent(intent.userId())).contains(intent);
  }

  // "createIntent writes only if none exists"
  @Test
  void createIntent_userHasIntent_returnsFalseAndKeepsFirst() {
    UserId user = newUser();
    RegistrationIntent first = pending(user, "a1");
    store.createIntent(first);

    boolean written = store.createIntent(pending(user, "a2"));

    assertThat(written).isFalse();
    assertThat(store.findIntent(user)).contains(first);
  }

  // "of concurrent conditional writes on one user exactly one wins"
  @Test
  void createIntent_concurrentAttempts_exactlyOneWins() throws Exception {
    UserId user = newUser();
    int attempts = 8;
    ExecutorService pool = Executors.newFixedThreadPool(attempts);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < attempts; i++) {
        String attemptId = "a" + i;
        results.add(pool.submit(() -> {
          start.await();
          return store.createIntent(pending(user, attemptId));
        }));
      }
      start.countDown();
      int wins = 0;
      for (Future<Boolean> result : results) {
        wins += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }

      assertThat(wins).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  // "replaceIntent ... write[s] only if the current intent belongs to the named attempt (replace
  // also only while it is pending)"
  @Test
  void replaceIntent_ownPendingIntent_replacesIt() {
    UserId user = newUser();
    RegistrationIntent intent = pending(user, "a1");
    store.createIntent(intent);
    RegistrationIntent next =
        intent.toBuilder().faceId(FaceId.of(UUID.randomUUID().toString())).updatedAt(T0.plusSeconds(1)).build();

    boolean written = store.replaceIntent("a1", next);

    assertThat(written).isTrue();
    assertThat(store.findIntent(user)).contains(next);
  }

  // A committed intent reads back whole, with its record.
  @Test
  void replaceIntent_commit_readsBackWithRecord() {
    UserId user = newUser();
    RegistrationIntent intent = pending(user, "a1");
    store.createIntent(intent);
    RegistrationIntent done = committed(intent);

    boolean written = store.replaceIntent("a1", done);

    assertThat(written).isTrue();
    assertThat(store.findIntent(user)).contains(done);
  }

  // A takeover: the new intent names another attempt.
  @Test
  void replaceIntent_takeoverByAnotherAttempt_replacesIt() {
    UserId user = newUser();
    store.createIntent(pending(user, "dead"));
    RegistrationIntent takeover = pending(user, "alive");

    boolean written = store.replaceIntent("dead", takeover);

    assertThat(written).isTrue();
    assertThat(store.findIntent(user)).contains(takeover);
  }

  @Test
  void replaceIntent_otherAttemptsIntent_returnsFalseAndKeepsIt() {
    UserId user = newUser();
    RegistrationIntent intent = pending(user, "a1");
    store.createIntent(intent);

    boolean written = store.replaceIntent("a2", pending(user, "a2"));

    assertThat(written).isFalse();
    assertThat(store.findIntent(user)).contains(intent);
  }

  @Test
  void replaceIntent_committedIntent_returnsFalse() {
    UserId user = newUser();
    RegistrationIntent intent = pending(user, "a1");
    store.createIntent(intent);
    RegistrationIntent done = committed(intent);
    store.replaceIntent("a1", done);

    boolean written = store.replaceIntent("a1", intent);

    assertThat(written).isFalse();
    assertThat(store.findIntent(user)).contains(done);
  }

  @Test
  void replaceIntent_noIntent_returnsFalseAndWritesNothing() {
    UserId user = newUser();

    boolean written = store.replaceIntent("a1", pending(user, "a1"));

    assertThat(written).isFalse();
    assertThat(store.findIntent(user)).isEmpty();
  }

  // "deleteIntent ... only if the current intent belongs to the named attempt"
  @Test
  void deleteIntent_ownIntent_deletesIt() {
    UserId user = newUser();
    store.createIntent(pending(user, "a1"));

    boolean deleted = store.deleteIntent(user, "a1");

    assertThat(deleted).isTrue();
    assertThat(store.findIntent(user)).isEmpty();
  }

  @Test
  void deleteIntent_committedIntent_deletesIt() {
    UserId user = newUser();
    RegistrationIntent intent = pending(user, "a1");
    store.createIntent(intent);
    store.replaceIntent("a1", committed(intent));

    assertThat(store.deleteIntent(user, "a1")).isTrue();
    assertThat(store.findIntent(user)).isEmpty();
  }

  @Test
  void deleteIntent_otherAttemptsIntent_keepsIt() {
    UserId user = newUser();
    RegistrationIntent intent = pending(user, "a1");
    store.createIntent(intent);

    boolean deleted = store.deleteIntent(user, "a2");

    assertThat(deleted).isFalse();
    assertThat(store.findIntent(user)).contains(intent);
  }

  // "findIntents returns every intent, each once"
  @Test
  void findIntents_intentsOfSeveralUsers_returnsEachOnce() {
    RegistrationIntent first = pending(newUser(), "a1");
    RegistrationIntent second = pending(newUser(), "a2");
    store.createIntent(first);
    store.createIntent(second);
    awaitConsistency();

    List<RegistrationIntent> found = store.findIntents().toList();

    assertThat(found).contains(first, second).doesNotHaveDuplicates();
  }

  // "Intents are not records: findByUser, findByFace and findAll never return them, and delete
  // never deletes one."
  @Test
  void intents_areNeverReturnedOrDeletedAsRecords() {
    UserId user = newUser();
    RegistrationIntent intent = pending(user, "a1");
    store.createIntent(intent);
    RegistrationIntent done = committed(intent);
    store.replaceIntent("a1", done);
    FaceId faceId = done.faceId().orElseThrow();
    awaitConsistency();

    assertThat(store.findByUser(user)).isEmpty();
    assertThat(store.findByFace(faceId)).isEmpty();
    assertThat(store.findAll().toList()).noneMatch(record -> record.userId().equals(user));
    assertThat(store.delete(user, faceId)).isFalse();
    assertThat(store.findIntent(user)).contains(done);
  }
}
