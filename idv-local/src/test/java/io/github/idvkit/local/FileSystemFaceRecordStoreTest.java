package io.github.idvkit.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.FaceId;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.local.internal.Journal;
import io.github.idvkit.local.internal.ShardedJournal;
import io.github.idvkit.spi.FaceRecord;
import io.github.idvkit.spi.RegistrationIntent;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemFaceRecordStoreTest {

  @TempDir Path dir;

  private static final UserId ALICE = UserId.of("alice@example.com");

  private static FaceRecord record(UserId user, String face, long second) {
    return FaceRecord.builder()
        .userId(user)
        .faceId(FaceId.of(face))
        .image(StoredImage.of("file:///tmp/" + face + ".jpg"))
        .provider("local")
        .collectionId("faces")
        .modelVersion("m1")
        .confidence(0.9)
        .brightness(0.5)
        .requestId("r-" + face)
        .createdAt(Instant.ofEpochSecond(second, 42))
        .build();
  }

  /** Returns the journal file that holds a user's records. */
  private Path journalOf(UserId user) {
    return ShardedJournal.shardFile(dir.resolve("records.journal"), ShardedJournal.shardOf(user));
  }

  private FileSystemFaceRecordStore open() {
    return FileSystemFaceRecordStore.builder().directory(dir).build();
  }

  @Test
  void create_thenReopen_readsTheSameRecords() {
    try (FileSystemFaceRecordStore store = open()) {
      store.create(record(ALICE, "f2", 20));
      store.create(record(ALICE, "f1", 10));
    }

    try (FileSystemFaceRecordStore store = open()) {
      assertThat(store.findByUser(ALICE)).containsExactly(record(ALICE, "f1", 10), record(ALICE, "f2", 20));
      assertThat(store.findByFace(FaceId.of("f2"))).contains(record(ALICE, "f2", 20));
    }
  }

  @Test
  void create_existingKey_writesNothing() {
    try (FileSystemFaceRecordStore store = open()) {
      assertThat(store.create(record(ALICE, "f1", 10))).isTrue();

      assertThat(store.create(record(ALICE, "f1", 99))).isFalse();
      assertThat(store.findByFace(FaceId.of("f1")).orElseThrow().createdAt())
          .isEqualTo(Instant.ofEpochSecond(10, 42));
    }
  }

  @Test
  void create_concurrentlyForOneKey_exactlyOneWins() throws Exception {
    try (FileSystemFaceRecordStore store = open()) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          int n = i;
          calls.add(() -> store.create(record(ALICE, "same", n)));
        }
        int wins = 0;
        for (Future<Boolean> f : pool.invokeAll(calls)) {
          wins += f.get() ? 1 : 0;
        }

        assertThat(wins).isEqualTo(1);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void delete_thenReopen_recordStaysDeleted() {
    try (FileSystemFaceRecordStore store = open()) {
      store.create(record(ALICE, "f1", 10));
      assertThat(store.delete(ALICE, FaceId.of("f1"))).isTrue();
      assertThat(store.delete(ALICE, FaceId.of("f1"))).isFalse();
    }

    try (FileSystemFaceRecordStore store = open()) {
      assertThat(store.findByUser(ALICE)).isEmpty();
      assertThat(store.findByFace(FaceId.of("f1"))).isEmpty();
    }
  }

  @Test
  void open_afterCrashMidWrite_keepsEveryCompletedRecord() throws Exception {
    try (FileSystemFaceRecordStore store = open()) {
      store.create(record(ALICE, "f1", 10));
      store.create(record(ALICE, "f2", 20));
    }
    Path journal = journalOf(ALICE);
    try (RandomAccessFile raf = new RandomAccessFile(journal.toFile(), "rw")) {
      raf.setLength(Files.size(journal) - 10);
    }

    try (FileSystemFaceRecordStore store = open()) {
      assertThat(store.findByUser(ALICE)).containsExactly(record(ALICE, "f1", 10));
      assertThat(store.create(record(ALICE, "f2", 20))).isTrue();
    }
  }

  @Test
  void delete_manyRecords_shrinksTheJournalAtOnce() throws Exception {
    try (FileSystemFaceRecordStore store = open()) {
      for (int i = 0; i < 20; i++) {
        store.create(record(ALICE, "f" + i, i));
      }
      long full = Files.size(journalOf(ALICE));
      for (int i = 0; i < 19; i++) {
        store.delete(ALICE, FaceId.of("f" + i));
      }

      assertThat(Files.size(journalOf(ALICE))).isLessThan(full / 10);
      assertThat(store.findByUser(ALICE)).containsExactly(record(ALICE, "f19", 19));
    }
    try (FileSystemFaceRecordStore store = open()) {
      assertThat(store.findByUser(ALICE)).containsExactly(record(ALICE, "f19", 19));
    }
  }

  @Test
  void build_directoryInUse_throwsConfigurationException() {
    try (FileSystemFaceRecordStore first = open()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(this::open)
          .isInstanceOf(io.github.idvkit.ConfigurationException.class)
          .hasMessageContaining("in use");
    }

    try (FileSystemFaceRecordStore again = open()) {
      assertThat(again.findByUser(ALICE)).isEmpty();
    }
  }

  @Test
  void encryptionKey_recordsAreSealedAndNeedTheKey() throws Exception {
    javax.crypto.SecretKey key = new javax.crypto.spec.SecretKeySpec(new byte[16], "AES");
    try (FileSystemFaceRecordStore store =
        FileSystemFaceRecordStore.builder().directory(dir).encryptionKey(key).build()) {
      store.create(record(ALICE, "f1", 10));
    }

    assertThat(new String(Files.readAllBytes(journalOf(ALICE)), java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain("alice@example.com");
    org.assertj.core.api.Assertions.assertThatThrownBy(this::open)
        .isInstanceOf(io.github.idvkit.ConfigurationException.class);
    try (FileSystemFaceRecordStore store =
        FileSystemFaceRecordStore.builder().directory(dir).encryptionKey(key).build()) {
      assertThat(store.findByUser(ALICE)).containsExactly(record(ALICE, "f1", 10));
    }
  }

  @Test
  void journal_holdsNoImageBytes() throws Exception {
    try (FileSystemFaceRecordStore store = open()) {
      store.create(record(ALICE, "f1", 10));
    }

    assertThat(Files.size(journalOf(ALICE))).isLessThan(400);
  }

  private static final UserId ZOE = UserId.of("zoë.ålund+idv@example.com");

  private static Remnants remnantsOf(FaceRecord record) {
    return Remnants.of()
        .user(record.userId())
        .text("face id", record.faceId().value())
        .text("image", record.image().uri().toString())
        .text("request id", record.requestId());
  }

  @Test
  void delete_oneOfTwoUsers_leavesNoByteOfTheRecordInAnyFile() throws Exception {
    FaceRecord zoe = record(ZOE, "lf-zoe-1", 10);
    try (FileSystemFaceRecordStore store = open()) {
      store.create(zoe);
      store.create(record(ALICE, "f1", 20));
      assertThat(remnantsOf(zoe).foundIn(dir)).isNotEmpty();

      assertThat(store.delete(ZOE, zoe.faceId())).isTrue();

      assertThat(remnantsOf(zoe).foundIn(dir)).isEmpty();
    }
    assertThat(remnantsOf(record(ALICE, "f1", 20)).foundIn(dir)).isNotEmpty();
    try (FileSystemFaceRecordStore store = open()) {
      assertThat(store.findByUser(ZOE)).isEmpty();
      assertThat(store.findByUser(ALICE)).containsExactly(record(ALICE, "f1", 20));
    }
  }

  // ---------------------------------------------------------------- registration intents

  private static RegistrationIntent pending(UserId user, String attemptId) {
    return RegistrationIntent.builder()
        .userId(user)
        .requestId("req-1")
        .attemptId(attemptId)
        .state(RegistrationIntent.State.PENDING)
        .startedAt(Instant.ofEpochSecond(100, 7))
        .updatedAt(Instant.ofEpochSecond(100, 7))
        .build();
  }

  private static RegistrationIntent committed(RegistrationIntent intent, String face) {
    FaceRecord record = FaceRecord.builder().from(record(intent.userId(), face, 101)).requestId(intent.requestId()).build();
    return intent.toBuilder()
        .state(RegistrationIntent.State.COMMITTED)
        .faceId(record.faceId())
        .image(record.image())
        .record(record)
        .updatedAt(Instant.ofEpochSecond(102))
        .build();
  }

  @Test
  void intents_replacedThenReopened_readTheLatestStateAndCompactTheJournal() throws Exception {
    RegistrationIntent first = pending(ZOE, "a1");
    RegistrationIntent withFace = first.toBuilder().faceId(FaceId.of("lf-zoe-1")).updatedAt(Instant.ofEpochSecond(101)).build();
    RegistrationIntent done = committed(withFace, "lf-zoe-1");
    try (FileSystemFaceRecordStore store = open()) {
      assertThat(store.createIntent(first)).isTrue();
      assertThat(store.replaceIntent("a1", withFace)).isTrue();
      assertThat(store.replaceIntent("a1", done)).isTrue();
      assertThat(store.findIntent(ZOE)).contains(done);
    }
    long appended = Files.size(journalOf(ZOE));

    try (FileSystemFaceRecordStore store = open()) {
      assertThat(store.findIntent(ZOE)).contains(done);
      assertThat(store.findIntents().toList()).containsExactly(done);
      assertThat(store.findByUser(ZOE)).isEmpty();
      assertThat(store.replaceIntent("a1", first)).as("committed is final, also after a reopen").isFalse();
    }
    assertThat(Files.size(journalOf(ZOE))).as("superseded states dropped at open").isLessThan(appended);
  }

  @Test
  void deleteIntent_leavesNoByteOfTheIntentInAnyFile() throws Exception {
    RegistrationIntent done = committed(pending(ZOE, "a1"), "lf-zoe-1");
    try (FileSystemFaceRecordStore store = open()) {
      store.createIntent(pending(ZOE, "a1"));
      store.replaceIntent("a1", done);
      store.create(record(ALICE, "f1", 20));
      assertThat(remnantsOf(done.record().orElseThrow()).text("attempt", "a1").foundIn(dir)).isNotEmpty();

      assertThat(store.deleteIntent(ZOE, "other")).isFalse();
      assertThat(store.deleteIntent(ZOE, "a1")).isTrue();

      assertThat(remnantsOf(done.record().orElseThrow()).foundIn(dir)).isEmpty();
    }
    try (FileSystemFaceRecordStore store = open()) {
      assertThat(store.findIntent(ZOE)).isEmpty();
      assertThat(store.findByUser(ALICE)).containsExactly(record(ALICE, "f1", 20));
    }
  }

  @Test
  void delete_recordOfAUserWithAnIntent_keepsTheIntent() {
    RegistrationIntent intent = pending(ALICE, "a1");
    try (FileSystemFaceRecordStore store = open()) {
      store.createIntent(intent);
      store.create(record(ALICE, "f1", 10));

      assertThat(store.delete(ALICE, FaceId.of("f1"))).isTrue();

      assertThat(store.findIntent(ALICE)).contains(intent);
    }
    try (FileSystemFaceRecordStore store = open()) {
      assertThat(store.findIntent(ALICE)).contains(intent);
      assertThat(store.findAll().toList()).isEmpty();
    }
  }

  @Test
  void replaceIntent_concurrentAttempts_exactlyOneWins() throws Exception {
    try (FileSystemFaceRecordStore store = open()) {
      store.createIntent(pending(ALICE, "dead"));
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          String attempt = "taker-" + i;
          calls.add(() -> store.replaceIntent("dead", pending(ALICE, attempt)));
        }
        int wins = 0;
        for (Future<Boolean> f : pool.invokeAll(calls)) {
          wins += f.get() ? 1 : 0;
        }

        assertThat(wins).isEqualTo(1);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void intents_encrypted_areSealedAndReadBackWithTheKey() throws Exception {
    javax.crypto.spec.SecretKeySpec key = new javax.crypto.spec.SecretKeySpec(new byte[16], "AES");
    RegistrationIntent done = committed(pending(ZOE, "a1"), "lf-zoe-1");
    try (FileSystemFaceRecordStore store = FileSystemFaceRecordStore.builder().directory(dir).encryptionKey(key).build()) {
      store.createIntent(pending(ZOE, "a1"));
      store.replaceIntent("a1", done);
    }

    assertThat(remnantsOf(done.record().orElseThrow()).foundIn(dir)).isEmpty();
    try (FileSystemFaceRecordStore store = FileSystemFaceRecordStore.builder().directory(dir).encryptionKey(key).build()) {
      assertThat(store.findIntent(ZOE)).contains(done);
    }
  }

  @Test
  void open_journalOfAnEarlierVersion_movesLiveRecordsAndErasesDeletedOnes() throws Exception {
    FaceRecord zoe = record(ZOE, "lf-zoe-1", 10);
    try (FileSystemFaceRecordStore store = open()) {
      store.create(zoe);
      store.create(record(ALICE, "f1", 20));
    }
    // Rebuild the single journal earlier versions wrote: every create, then a delete entry.
    List<byte[]> entries = new ArrayList<>();
    for (UserId user : List.of(ZOE, ALICE)) {
      Journal.open(journalOf(user), entries).close();
      Files.delete(journalOf(user));
    }
    try (Journal old = Journal.open(dir.resolve("records.journal"), new ArrayList<>())) {
      for (byte[] entry : entries) {
        old.append(entry);
      }
      Journal.EntryWriter delete = Journal.writer();
      delete.writeByte(2);
      delete.writeUTF(ZOE.value());
      delete.writeUTF("lf-zoe-1");
      old.append(delete.bytes());
    }
    assertThat(remnantsOf(zoe).foundIn(dir)).isNotEmpty();

    try (FileSystemFaceRecordStore store = open()) {
      assertThat(store.findByUser(ZOE)).isEmpty();
      assertThat(store.findByUser(ALICE)).containsExactly(record(ALICE, "f1", 20));
    }

    assertThat(dir.resolve("records.journal")).doesNotExist();
    assertThat(remnantsOf(zoe).foundIn(dir)).isEmpty();
    try (FileSystemFaceRecordStore store = open()) {
      assertThat(store.findByFace(FaceId.of("f1"))).contains(record(ALICE, "f1", 20));
    }
  }

  @Test
  void open_leftoverTemporaryFileOfACrashedDelete_loadsCleanlyAndDeletesIt() throws Exception {
    try (FileSystemFaceRecordStore store = open()) {
      store.create(record(ALICE, "f1", 10));
      store.create(record(ALICE, "f2", 20));
    }
    byte[] bytes = Files.readAllBytes(journalOf(ALICE));
    Path tmp = Journal.temporaryFile(journalOf(ALICE));
    Files.write(tmp, java.util.Arrays.copyOf(bytes, bytes.length - 30)); // crashed before the rename

    try (FileSystemFaceRecordStore store = open()) {
      assertThat(store.findByUser(ALICE)).containsExactly(record(ALICE, "f1", 10), record(ALICE, "f2", 20));
    }
    assertThat(tmp).doesNotExist();
  }
}
