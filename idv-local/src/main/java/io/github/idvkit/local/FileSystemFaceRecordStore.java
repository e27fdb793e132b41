package io.github.idvkit.local;

import io.github.idvkit.FaceId;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.local.internal.DirectoryLock;
import io.github.idvkit.local.internal.Journal;
import io.github.idvkit.local.internal.LocalFailures;
import io.github.idvkit.local.internal.Sealer;
import io.github.idvkit.spi.FaceRecord;
import io.github.idvkit.spi.FaceRecordStore;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link FaceRecordStore} in one crash-safe journal file, {@code <directory>/records.journal},
 * with every record also held in memory. No database needed: a few hundred bytes per face, read
 * once at start-up.
 *
 * <pre>{@code
 * try (FileSystemFaceRecordStore records = FileSystemFaceRecordStore.builder()
 *     .directory(Path.of("/var/lib/idv/records")).build()) {
 *   boolean written = records.create(record);
 * }
 * }</pre>
 *
 * <p>Every create and delete is appended as a checksummed entry and forced to disk before the call
 * returns; a crash loses at most the call in flight, and a torn last entry is cut off on the next
 * open. Deleted records are compacted away by an atomic rewrite. One process at a time may open the
 * directory (a lock file enforces it). With an {@link Builder#encryptionKey encryption key} every
 * entry is sealed with AES-GCM. Records never hold image bytes.
 *
 * <p>Thread-safe: calls are serialised, so of concurrent creates of one key exactly one wins.
 */
public final class FileSystemFaceRecordStore implements FaceRecordStore, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FileSystemFaceRecordStore.class);
  private static final byte CREATE = 1;
  private static final byte DELETE = 2;
  private static final String JOURNAL = "records.journal";

  private final DirectoryLock lock;
  private final Journal journal;
  private final Map<Key, FaceRecord> records = new LinkedHashMap<>();
  private final Map<FaceId, Key> keyByFace = new HashMap<>();
  private long deadEntries;
  private boolean closed;

  private record Key(UserId user, FaceId face) {}

  private FileSystemFaceRecordStore(Path directory, DirectoryLock lock, Journal journal, List<byte[]> entries)
      throws IOException {
    this.lock = lock;
    this.journal = journal;
    for (byte[] entry : entries) {
      replay(entry);
    }
    if (deadEntries > Math.max(1024, records.size())) {
      compact();
    }
  }

  private static FileSystemFaceRecordStore open(Path directory, @Nullable Sealer sealer) {
    DirectoryLock lock = null;
    Journal journal = null;
    try {
      lock = DirectoryLock.acquire(directory);
      List<byte[]> entries = new ArrayList<>();
      journal = Journal.open(directory.resolve(JOURNAL), entries, sealer);
      return new FileSystemFaceRecordStore(directory, lock, journal, entries);
    } catch (IllegalStateException e) {
      closeQuietly(journal, lock);
      throw LocalFailures.misconfigured(e.getMessage(), e);
    } catch (java.nio.file.AccessDeniedException e) {
      closeQuietly(journal, lock);
      throw LocalFailures.misconfigured("Cannot open face records under " + directory + ": access denied", e);
    } catch (IOException | RuntimeException e) {
      closeQuietly(journal, lock);
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw LocalFailures.failed("OpenRecords", (IOException) e);
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
    if (records.containsKey(key)) {
      return false;
    }
    try {
      journal.append(encode(record));
    } catch (IOException e) {
      throw LocalFailures.failed("CreateRecord", e);
    }
    put(key, record);
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
    for (Map.Entry<Key, FaceRecord> e : records.entrySet()) {
      if (e.getKey().user().equals(user)) {
        out.add(e.getValue());
      }
    }
    out.sort(Comparator.comparing(FaceRecord::createdAt)); // stable: insertion order breaks ties
    return out;
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
    Key key = keyByFace.get(faceId);
    return key == null ? Optional.empty() : Optional.ofNullable(records.get(key));
  }

  /**
   * Deletes the record of a user's face.
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
    if (!records.containsKey(key)) {
      return false;
    }
    try {
      Journal.EntryWriter w = Journal.writer();
      w.writeByte(DELETE);
      w.writeUTF(user.value());
      w.writeUTF(faceId.value());
      journal.append(w.bytes());
      remove(key);
      deadEntries += 2;
      if (deadEntries > Math.max(1024, records.size())) {
        compact();
      }
    } catch (IOException e) {
      throw LocalFailures.failed("DeleteRecord", e);
    }
    LOG.debug("Deleted face record [provider=local, faceId={}]", faceId);
    return true;
  }

  private void put(Key key, FaceRecord record) {
    records.put(key, record);
    keyByFace.putIfAbsent(key.face(), key);
  }

  private void remove(Key key) {
    records.remove(key);
    if (key.equals(keyByFace.get(key.face()))) {
      keyByFace.remove(key.face());
      for (Key other : records.keySet()) {
        if (other.face().equals(key.face())) {
          keyByFace.put(other.face(), other);
          break;
        }
      }
    }
  }

  private void replay(byte[] entry) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(entry));
    byte type = in.readByte();
    if (type == CREATE) {
      FaceRecord record = decode(in);
      Key key = new Key(record.userId(), record.faceId());
      if (records.containsKey(key)) {
        deadEntries++;
      } else {
        put(key, record);
      }
    } else if (type == DELETE) {
      Key key = new Key(UserId.of(in.readUTF()), FaceId.of(in.readUTF()));
      boolean existed = records.containsKey(key);
      remove(key);
      deadEntries += existed ? 2 : 1;
    } else {
      throw new IOException("Unknown record journal entry type " + type);
    }
  }

  private void compact() throws IOException {
    List<byte[]> live = new ArrayList<>(records.size());
    for (FaceRecord r : records.values()) {
      live.add(encode(r));
    }
    journal.rewrite(live);
    deadEntries = 0;
  }

  private static byte[] encode(FaceRecord r) throws IOException {
    Journal.EntryWriter w = Journal.writer();
    w.writeByte(CREATE);
    w.writeUTF(r.userId().value());
    w.writeUTF(r.faceId().value());
    w.writeUTF(r.image().uri().toString());
    w.writeUTF(r.provider());
    w.writeUTF(r.collectionId());
    w.writeUTF(r.modelVersion().orElse(""));
    w.writeDouble(r.confidence());
    w.writeDouble(r.brightness().orElse(-1));
    w.writeDouble(r.sharpness().orElse(-1));
    w.writeUTF(r.requestId());
    w.writeLong(r.createdAt().getEpochSecond());
    w.writeInt(r.createdAt().getNano());
    return w.bytes();
  }

  private static FaceRecord decode(DataInputStream in) throws IOException {
    FaceRecord.Builder b =
        FaceRecord.builder()
            .userId(UserId.of(in.readUTF()))
            .faceId(FaceId.of(in.readUTF()))
            .image(StoredImage.of(in.readUTF()))
            .provider(in.readUTF())
            .collectionId(in.readUTF());
    String model = in.readUTF();
    if (!model.isEmpty()) {
      b.modelVersion(model);
    }
    b.confidence(in.readDouble());
    double brightness = in.readDouble();
    double sharpness = in.readDouble();
    if (brightness >= 0) {
      b.brightness(brightness);
    }
    if (sharpness >= 0) {
      b.sharpness(sharpness);
    }
    b.requestId(in.readUTF());
    b.createdAt(Instant.ofEpochSecond(in.readLong(), in.readInt()));
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
      journal.close();
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
     * Sets the directory holding {@code records.journal}. Required; created if missing.
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
