package io.github.idvkit.local;

import io.github.idvkit.FaceId;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.local.internal.DirectoryLock;
import io.github.idvkit.local.internal.Journal;
import io.github.idvkit.local.internal.LocalFailures;
import io.github.idvkit.local.internal.Sealer;
import io.github.idvkit.local.internal.ShardedJournal;
import io.github.idvkit.spi.FaceRecord;
import io.github.idvkit.spi.FaceRecordStore;
import io.github.idvkit.spi.RegistrationIntent;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link FaceRecordStore} in crash-safe journal files, {@code <directory>/records-00.journal} to
 * {@code records-3f.journal} (the records of 1/64 of the users each), with every record also held
 * in memory. No database needed: a few hundred bytes per face, read once at start-up.
 *
 * <pre>{@code
 * try (FileSystemFaceRecordStore records = FileSystemFaceRecordStore.builder()
 *     .directory(Path.of("/var/lib/idv/records")).build()) {
 *   boolean written = records.create(record);
 * }
 * }</pre>
 *
 * <p>Every create is appended as a checksummed entry and forced to disk before the call returns; a
 * crash loses at most the call in flight, and a torn last entry is cut off on the next open. A
 * delete rewrites the owner's journal without the record (temporary file, forced, renamed), so once
 * it returns no file holds the record. Files are readable by their owner only (POSIX). One process
 * at a time may open the directory (a lock file enforces it). With an {@link Builder#encryptionKey
 * encryption key} every entry is sealed with AES-GCM. Records never hold image bytes. The single
 * {@code records.journal} of earlier versions is moved into the new files, without its deleted
 * entries, on the first open.
 *
 * <p>Registration intents live in the same journals, one per user: creating or replacing one
 * appends its new state (the last entry wins when the journal is read; superseded entries are
 * dropped by the rewrite at the next open), deleting one rewrites the owner's journal without it,
 * so once {@link #deleteIntent} returns no file holds it.
 *
 * <p>Thread-safe: calls are serialised, so of concurrent creates of one key, and of concurrent
 * conditional intent writes on one user, exactly one wins. Across processes the lock file lets only
 * one process open the directory at a time, so two app instances cannot share one store (use a
 * shared store such as DynamoDB for that); the conditions hold because a single process makes
 * every write.
 */
public final class FileSystemFaceRecordStore implements FaceRecordStore, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FileSystemFaceRecordStore.class);
  private static final byte CREATE = 1;
  private static final byte DELETE = 2; // written by earlier versions only; read to upgrade
  private static final byte INTENT = 3;
  private static final String JOURNAL = "records.journal";

  private final DirectoryLock lock;
  private @Nullable ShardedJournal journal;
  // records by shard (ShardedJournal.shardOf(user)), each in creation order
  private final List<Map<Key, FaceRecord>> shards = new ArrayList<>(ShardedJournal.SHARDS);
  private final Map<FaceId, List<Key>> keysByFace = new HashMap<>();
  // intents by shard, one per user
  private final List<Map<UserId, RegistrationIntent>> intents = new ArrayList<>(ShardedJournal.SHARDS);
  private boolean closed;

  private record Key(UserId user, FaceId face) {}

  private FileSystemFaceRecordStore(DirectoryLock lock) {
    this.lock = lock;
    for (int i = 0; i < ShardedJournal.SHARDS; i++) {
      shards.add(new LinkedHashMap<>());
      intents.add(new LinkedHashMap<>());
    }
  }

  private static FileSystemFaceRecordStore open(Path directory, @Nullable Sealer sealer) {
    DirectoryLock lock = null;
    FileSystemFaceRecordStore store = null;
    try {
      lock = DirectoryLock.acquire(directory);
      FileSystemFaceRecordStore s = new FileSystemFaceRecordStore(lock);
      store = s;
      BitSet gaining = new BitSet();
      BitSet dirty = new BitSet();
      s.journal =
          ShardedJournal.open(directory.resolve(JOURNAL), sealer, (shard, entry) -> s.replay(shard, entry, gaining, dirty));
      s.journal.repair(gaining, dirty, shard -> s.entriesOf(shard, null, null));
      return s;
    } catch (IllegalStateException e) {
      closeQuietly(store, lock);
      throw LocalFailures.misconfigured(e.getMessage(), e);
    } catch (java.nio.file.AccessDeniedException e) {
      closeQuietly(store, lock);
      throw LocalFailures.misconfigured("Cannot open face records under " + directory + ": access denied", e);
    } catch (IOException | RuntimeException e) {
      closeQuietly(store, lock);
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw LocalFailures.failed("OpenRecords", (IOException) e);
    }
  }

  /**
   * Writes a new store holding exactly {@code records}, one forced write per journal file instead
   * of one per record: for benchmarks (not API). Replaces any store in {@code directory}.
   */
  static void writeAll(Path directory, List<FaceRecord> records) throws IOException {
    List<List<byte[]>> entries = new ArrayList<>(ShardedJournal.SHARDS);
    for (int shard = 0; shard < ShardedJournal.SHARDS; shard++) {
      entries.add(new ArrayList<>());
    }
    for (FaceRecord r : records) {
      entries.get(ShardedJournal.shardOf(r.userId())).add(encode(r));
    }
    BitSet all = new BitSet();
    all.set(0, ShardedJournal.SHARDS);
    try (DirectoryLock lock = DirectoryLock.acquire(directory);
        ShardedJournal journal = ShardedJournal.open(directory.resolve(JOURNAL), null, (shard, entry) -> {})) {
      journal.repair(all, all, entries::get);
    }
  }

  private static void closeQuietly(AutoCloseable... resources) {
    for (AutoCloseable r : resources) {
      if (r != null) {
        try {
          r.close();
        } catch (Exception e) {
          LOG.warn("Closing after a failed open failed [error={}]", e.getMessage());
        }
      }
    }
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Writes a record unless one exists for its user and face.
   *
   * @param record the record
   * @return {@code true} if written
   * @throws io.github.idvkit.ProviderException if the disk write fails (nothing is then written)
   */
  @Override
  public synchronized boolean create(FaceRecord record) {
    Objects.requireNonNull(record, "record");
    checkOpen();
    Key key = new Key(record.userId(), record.faceId());
    int shard = ShardedJournal.shardOf(key.user());
    if (shards.get(shard).containsKey(key)) {
      return false;
    }
    try {
      journal().append(shard, encode(record));
    } catch (IOException e) {
      throw LocalFailures.failed("CreateRecord", e);
    }
    put(shard, key, record);
    LOG.debug("Created face record [provider=local, faceId={}]", record.faceId());
    return true;
  }

  /**
   * Finds a user's records, oldest first.
   *
   * @param user the user
   * @return the records, empty if none
   */
  @Override
  public synchronized List<FaceRecord> findByUser(UserId user) {
    Objects.requireNonNull(user, "user");
    checkOpen();
    List<FaceRecord> out = new ArrayList<>();
    for (Map.Entry<Key, FaceRecord> e : shards.get(ShardedJournal.shardOf(user)).entrySet()) {
      if (e.getKey().user().equals(user)) {
        out.add(e.getValue());
      }
    }
    out.sort(Comparator.comparing(FaceRecord::createdAt)); // stable: insertion order breaks ties
    return out;
  }

  /**
   * Finds every record, of every user. The records are all in memory: the stream reads a copy
   * taken when this is called.
   *
   * @return the records, each once
   */
  @Override
  public synchronized Stream<FaceRecord> findAll() {
    checkOpen();
    List<FaceRecord> out = new ArrayList<>();
    for (Map<Key, FaceRecord> shard : shards) {
      out.addAll(shard.values());
    }
    return out.stream();
  }

  /**
   * Finds the record of a face.
   *
   * @param faceId the face
   * @return the record, or empty if none
   */
  @Override
  public synchronized Optional<FaceRecord> findByFace(FaceId faceId) {
    Objects.requireNonNull(faceId, "faceId");
    checkOpen();
    List<Key> keys = keysByFace.get(faceId);
    if (keys == null) {
      return Optional.empty();
    }
    Key key = keys.get(0);
    return Optional.ofNullable(shards.get(ShardedJournal.shardOf(key.user())).get(key));
  }

  /**
   * Deletes the record of a user's face. Once this returns, no file of the store holds the
   * record: the owner's journal is rewritten without it.
   *
   * @param user the owner
   * @param faceId the face
   * @return {@code true} if it existed
   * @throws io.github.idvkit.ProviderException if the disk write fails (nothing is then deleted)
   */
  @Override
  public synchronized boolean delete(UserId user, FaceId faceId) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(faceId, "faceId");
    checkOpen();
    Key key = new Key(user, faceId);
    int shard = ShardedJournal.shardOf(user);
    if (!shards.get(shard).containsKey(key)) {
      return false;
    }
    try {
      journal().rewrite(shard, entriesOf(shard, key, null)); // no tombstone: the record leaves the disk
    } catch (IOException e) {
      throw LocalFailures.failed("DeleteRecord", e);
    }
    remove(shard, key);
    LOG.debug("Deleted face record [provider=local, faceId={}]", faceId);
    return true;
  }

  /**
   * Writes a registration intent unless the user has one; appended and forced to disk before this
   * returns.
   *
   * @param intent the intent
   * @return {@code true} if written
   * @throws io.github.idvkit.ProviderException if the disk write fails (nothing is then written)
   */
  @Override
  public synchronized boolean createIntent(RegistrationIntent intent) {
    Objects.requireNonNull(intent, "intent");
    checkOpen();
    int shard = ShardedJournal.shardOf(intent.userId());
    if (intents.get(shard).containsKey(intent.userId())) {
      return false;
    }
    appendIntent(shard, intent, "CreateIntent");
    return true;
  }

  /**
   * Replaces the user's pending intent if it belongs to {@code attemptId}; the new state is
   * appended and forced to disk before this returns.
   *
   * @param attemptId the attempt that must hold the current intent
   * @param intent the new intent
   * @return {@code true} if written
   * @throws io.github.idvkit.ProviderException if the disk write fails (nothing is then written)
   */
  @Override
  public synchronized boolean replaceIntent(String attemptId, RegistrationIntent intent) {
    Objects.requireNonNull(attemptId, "attemptId");
    Objects.requireNonNull(intent, "intent");
    checkOpen();
    int shard = ShardedJournal.shardOf(intent.userId());
    RegistrationIntent current = intents.get(shard).get(intent.userId());
    if (current == null || !current.attemptId().equals(attemptId) || current.committed()) {
      return false;
    }
    appendIntent(shard, intent, "ReplaceIntent");
    return true;
  }

  private void appendIntent(int shard, RegistrationIntent intent, String operation) {
    try {
      journal().append(shard, encode(intent));
    } catch (IOException e) {
      throw LocalFailures.failed(operation, e);
    }
    intents.get(shard).put(intent.userId(), intent);
    LOG.debug("Wrote registration intent [provider=local, state={}]", intent.state());
  }

  /**
   * Reads a user's intent.
   *
   * @param user the user
   * @return the intent, or empty if none
   */
  @Override
  public synchronized Optional<RegistrationIntent> findIntent(UserId user) {
    Objects.requireNonNull(user, "user");
    checkOpen();
    return Optional.ofNullable(intents.get(ShardedJournal.shardOf(user)).get(user));
  }

  /**
   * Deletes a user's intent if it belongs to {@code attemptId}. Once this returns, no file of the
   * store holds it: the owner's journal is rewritten without it.
   *
   * @param user the user
   * @param attemptId the attempt that must hold the intent
   * @return {@code true} if deleted
   * @throws io.github.idvkit.ProviderException if the disk write fails (nothing is then deleted)
   */
  @Override
  public synchronized boolean deleteIntent(UserId user, String attemptId) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(attemptId, "attemptId");
    checkOpen();
    int shard = ShardedJournal.shardOf(user);
    RegistrationIntent current = intents.get(shard).get(user);
    if (current == null || !current.attemptId().equals(attemptId)) {
      return false;
    }
    try {
      journal().rewrite(shard, entriesOf(shard, null, user));
    } catch (IOException e) {
      throw LocalFailures.failed("DeleteIntent", e);
    }
    intents.get(shard).remove(user);
    LOG.debug("Deleted registration intent [provider=local]");
    return true;
  }

  /**
   * Finds every intent, of every user, from a copy taken when this is called.
   *
   * @return the intents, each once
   */
  @Override
  public synchronized Stream<RegistrationIntent> findIntents() {
    checkOpen();
    List<RegistrationIntent> out = new ArrayList<>();
    for (Map<UserId, RegistrationIntent> shard : intents) {
      out.addAll(shard.values());
    }
    return out.stream();
  }

  private void put(int shard, Key key, FaceRecord record) {
    shards.get(shard).put(key, record);
    keysByFace.computeIfAbsent(key.face(), f -> new ArrayList<>(1)).add(key);
  }

  private boolean remove(int shard, Key key) {
    if (shards.get(shard).remove(key) == null) {
      return false;
    }
    List<Key> keys = keysByFace.get(key.face());
    keys.remove(key);
    if (keys.isEmpty()) {
      keysByFace.remove(key.face());
    }
    return true;
  }

  private ShardedJournal journal() {
    ShardedJournal j = journal;
    if (j == null) {
      throw new IllegalStateException("This FileSystemFaceRecordStore is not open");
    }
    return j;
  }

  /**
   * Returns the entries a shard holds: its records without {@code exceptRecord}, then its intents
   * without {@code exceptIntentOf}'s.
   */
  private List<byte[]> entriesOf(int shard, @Nullable Key exceptRecord, @Nullable UserId exceptIntentOf)
      throws IOException {
    List<byte[]> entries = new ArrayList<>();
    for (Map.Entry<Key, FaceRecord> e : shards.get(shard).entrySet()) {
      if (!e.getKey().equals(exceptRecord)) {
        entries.add(encode(e.getValue()));
      }
    }
    for (Map.Entry<UserId, RegistrationIntent> e : intents.get(shard).entrySet()) {
      if (!e.getKey().equals(exceptIntentOf)) {
        entries.add(encode(e.getValue()));
      }
    }
    return entries;
  }

  private void replay(int shard, byte[] entry, BitSet gaining, BitSet dirty) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(entry));
    byte type = in.readByte();
    if (type == CREATE) {
      FaceRecord record = decode(in);
      Key key = new Key(record.userId(), record.faceId());
      int home = ShardedJournal.shardOf(key.user());
      if (shards.get(home).containsKey(key)) {
        markDirty(shard, dirty); // a duplicate: only earlier versions wrote these
      } else {
        put(home, key, record);
        if (home != shard) {
          gaining.set(home); // from the single journal of earlier versions
          markDirty(shard, dirty);
        }
      }
    } else if (type == DELETE) {
      Key key = new Key(UserId.of(in.readUTF()), FaceId.of(in.readUTF()));
      int home = ShardedJournal.shardOf(key.user());
      if (remove(home, key)) {
        dirty.set(home);
      }
      markDirty(shard, dirty);
    } else if (type == INTENT) {
      RegistrationIntent intent = decodeIntent(in);
      int home = ShardedJournal.shardOf(intent.userId());
      if (intents.get(home).put(intent.userId(), intent) != null || home != shard) {
        markDirty(shard, dirty); // a superseded state: dropped by the rewrite
        if (home != shard) {
          gaining.set(home);
        }
      }
    } else {
      throw new io.github.idvkit.local.internal.CorruptDataException("Unknown record journal entry type " + type);
    }
  }

  private static void markDirty(int shard, BitSet dirty) {
    if (shard != ShardedJournal.LEGACY) {
      dirty.set(shard);
    }
  }

  private static byte[] encode(FaceRecord r) throws IOException {
    Journal.EntryWriter w = Journal.writer();
    w.writeByte(CREATE);
    w.writeUTF(r.userId().value());
    w.writeUTF(r.faceId().value());
    writeRecordFacts(w, r);
    w.writeUTF(r.requestId());
    writeInstant(w, r.createdAt());
    return w.bytes();
  }

  /** The facts of a record after its user and face: image, provider, collection, model, quality. */
  private static void writeRecordFacts(Journal.EntryWriter w, FaceRecord r) throws IOException {
    w.writeUTF(r.image().uri().toString());
    w.writeUTF(r.provider());
    w.writeUTF(r.collectionId());
    w.writeUTF(r.modelVersion().orElse(""));
    w.writeDouble(r.confidence().orElse(-1));
    w.writeDouble(r.brightness().orElse(-1));
    w.writeDouble(r.sharpness().orElse(-1));
  }

  private static void writeInstant(Journal.EntryWriter w, Instant instant) throws IOException {
    w.writeLong(instant.getEpochSecond());
    w.writeInt(instant.getNano());
  }

  private static Instant readInstant(DataInputStream in) throws IOException {
    return Instant.ofEpochSecond(in.readLong(), in.readInt());
  }

  private static FaceRecord decode(DataInputStream in) throws IOException {
    FaceRecord.Builder b =
        FaceRecord.builder().userId(UserId.of(in.readUTF())).faceId(FaceId.of(in.readUTF()));
    readRecordFacts(in, b);
    b.requestId(in.readUTF());
    b.createdAt(readInstant(in));
    return b.build();
  }

  private static void readRecordFacts(DataInputStream in, FaceRecord.Builder b) throws IOException {
    b.image(StoredImage.of(in.readUTF())).provider(in.readUTF()).collectionId(in.readUTF());
    String model = in.readUTF();
    if (!model.isEmpty()) {
      b.modelVersion(model);
    }
    double confidence = in.readDouble();
    if (confidence >= 0) {
      b.confidence(confidence);
    }
    double brightness = in.readDouble();
    double sharpness = in.readDouble();
    if (brightness >= 0) {
      b.brightness(brightness);
    }
    if (sharpness >= 0) {
      b.sharpness(sharpness);
    }
  }

  /**
   * An intent entry: user, request, attempt, state, start and update times, face and image ({@code
   * ""} when absent), then whether a record follows and, if so, its face, facts and creation time
   * (its user and request are the intent's).
   */
  private static byte[] encode(RegistrationIntent intent) throws IOException {
    Journal.EntryWriter w = Journal.writer();
    w.writeByte(INTENT);
    w.writeUTF(intent.userId().value());
    w.writeUTF(intent.requestId());
    w.writeUTF(intent.attemptId());
    w.writeUTF(intent.state().name());
    writeInstant(w, intent.startedAt());
    writeInstant(w, intent.updatedAt());
    w.writeUTF(intent.faceId().map(FaceId::value).orElse(""));
    w.writeUTF(intent.image().map(i -> i.uri().toString()).orElse(""));
    Optional<FaceRecord> record = intent.record();
    w.writeBoolean(record.isPresent());
    if (record.isPresent()) {
      w.writeUTF(record.get().faceId().value());
      writeRecordFacts(w, record.get());
      writeInstant(w, record.get().createdAt());
    }
    return w.bytes();
  }

  private static RegistrationIntent decodeIntent(DataInputStream in) throws IOException {
    UserId user = UserId.of(in.readUTF());
    String requestId = in.readUTF();
    RegistrationIntent.Builder b =
        RegistrationIntent.builder()
            .userId(user)
            .requestId(requestId)
            .attemptId(in.readUTF())
            .state(RegistrationIntent.State.valueOf(in.readUTF()))
            .startedAt(readInstant(in))
            .updatedAt(readInstant(in));
    String faceId = in.readUTF();
    if (!faceId.isEmpty()) {
      b.faceId(FaceId.of(faceId));
    }
    String image = in.readUTF();
    if (!image.isEmpty()) {
      b.image(StoredImage.of(image));
    }
    if (in.readBoolean()) {
      FaceRecord.Builder r =
          FaceRecord.builder().userId(user).requestId(requestId).faceId(FaceId.of(in.readUTF()));
      readRecordFacts(in, r);
      r.createdAt(readInstant(in));
      b.record(r.build());
    }
    return b.build();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("This FileSystemFaceRecordStore is closed");
    }
  }

  /** Closes the journal file. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (journal != null) {
        journal.close();
      }
    } catch (IOException e) {
      LOG.warn("Closing the record journal failed [error={}]", e.getMessage());
    }
    try {
      lock.close();
    } catch (IOException e) {
      LOG.warn("Releasing the record directory failed [error={}]", e.getMessage());
    }
  }

  /** Builds a {@link FileSystemFaceRecordStore}. Not thread-safe. */
  public static final class Builder {
    private @Nullable Path directory;
    private @Nullable SecretKey key;

    private Builder() {}

    /**
     * Encrypts the records (user ids, face ids, image references, quality) at rest with AES-GCM
     * under this key; none by default. The same key must be given to open the store again.
     *
     * @param key an AES key (128, 192 or 256 bits)
     * @return this builder
     */
    public Builder encryptionKey(SecretKey key) {
      new Sealer(key); // validates the key
      this.key = key;
      return this;
    }

    /**
     * Sets the directory holding the record journals. Required; created (owner-only) if missing.
     *
     * @param directory the directory
     * @return this builder
     */
    public Builder directory(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath();
      return this;
    }

    /**
     * Opens the store, reading every record.
     *
     * @return the store
     * @throws IllegalStateException if no directory was set
     * @throws io.github.idvkit.ConfigurationException if the directory cannot be accessed, or another
     *     store (in this or another process) has it open
     * @throws io.github.idvkit.ProviderException if the journal cannot be read
     */
    public FileSystemFaceRecordStore build() {
      if (directory == null) {
        throw new IllegalStateException("FileSystemFaceRecordStore.builder() needs directory(...)");
      }
      return open(directory, key == null ? null : new Sealer(key));
    }
  }
}
