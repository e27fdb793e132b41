package io.github.idvkit.local.internal;

import io.github.idvkit.BoundingBox;
import io.github.idvkit.DetectedFace;
import io.github.idvkit.Pose;
import io.github.idvkit.UserId;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The faces of one collection: descriptors in one contiguous {@code float[]} for brute-force
 * search, with their ids, owners and measurements, persisted in a {@link ShardedJournal} (one
 * shard per 1/64 of the users).
 *
 * <p>Adding appends one entry to the owner's shard. Removing rewrites the owner's shard without
 * the face, atomically, so once {@link #removeAll} returns the face's id, owner and descriptor
 * are in no file; no tombstone is ever written. Opening deletes what a crash or an earlier
 * version left behind (temporary files, deleted entries, the single journal of earlier versions).
 *
 * <p>Not thread-safe: the owning index guards it with a read-write lock (searches read, changes
 * write).
 */
public final class FaceTable implements AutoCloseable {

  private static final byte ADD = 1;
  private static final byte DELETE = 2; // written by earlier versions only; read to upgrade
  /** An added face whose descriptor length is written before it (any length but 128). */
  private static final byte ADD_SIZED = 3;
  /** The descriptor length of the shipped model, written as {@link #ADD} entries (no length). */
  public static final int DEFAULT_DIMENSIONS = DlibFaceEmbedder.DIMENSIONS;
  /** The longest descriptor a table stores. */
  public static final int MAX_DIMENSIONS = 4096;
  private static final float[] NO_DESCRIPTOR = new float[0];

  /**
   * One stored face.
   *
   * @param faceId the face id
   * @param user the owner
   * @param createdAtMillis when it was indexed, epoch milliseconds
   * @param descriptor the descriptor (of the table's length) when adding; empty in faces read back from the table,
   *     which keeps descriptors only in its search matrix
   * @param face what was measured when it was indexed, or {@code null}
   */
  public record Face(
      String faceId,
      UserId user,
      long createdAtMillis,
      float[] descriptor,
      @Nullable DetectedFace face) {}

  /**
   * A user's best face in a search.
   *
   * @param user the user
   * @param faceId the best face
   * @param distance its Euclidean distance to the probe
   */
  public record Hit(UserId user, String faceId, double distance) {}

  private final DirectoryLock lock;
  private final int dim;
  private @Nullable ShardedJournal journal;
  private float[] vectors;
  private Face[] faces = new Face[64];
  private int[] userSlots = new int[64];
  private int size;
  private final Map<String, Integer> rowByFace = new HashMap<>();
  // Slots of users with no face left are freed and reused, so a forgotten user id is not kept.
  private final List<@Nullable UserId> users = new ArrayList<>();
  private int[] shardBySlot = new int[64];
  private final java.util.ArrayDeque<Integer> freeSlots = new java.util.ArrayDeque<>();
  private final Map<UserId, Integer> slotByUser = new HashMap<>();
  private final Map<Integer, List<Integer>> rowsBySlot = new HashMap<>();

  private FaceTable(DirectoryLock lock, int dimensions) {
    this.lock = lock;
    this.dim = checkDimensions(dimensions);
    this.vectors = new float[64 * dim];
  }

  private static int checkDimensions(int dimensions) {
    if (dimensions < 1 || dimensions > MAX_DIMENSIONS) {
      throw new IllegalArgumentException(
          "A descriptor must have 1-" + MAX_DIMENSIONS + " values, got " + dimensions);
    }
    return dimensions;
  }

  /**
   * Returns the length of the descriptors this table stores.
   *
   * @return the length
   */
  public int dimensions() {
    return dim;
  }

  /**
   * Opens the table stored under {@code file}, replaying its journal, and deletes what a crash or
   * an earlier version left behind.
   *
   * @param file {@code <directory>/<name>.journal}; the shards are {@code <name>-00.journal} to
   *     {@code <name>-3f.journal} beside it (a single {@code <name>.journal} of earlier versions
   *     is read and replaced by shards)
   * @param sealer encrypts the journal's entries, or {@code null} for a plain journal
   * @return the table
   * @throws IOException if the files cannot be read
   * @throws IllegalStateException if another table holds the directory, or the journal's
   *     encryption does not match {@code sealer}
   */
  public static FaceTable open(Path file, @Nullable Sealer sealer)
      throws IOException {
    return open(file, sealer, DEFAULT_DIMENSIONS);
  }

  /**
   * Opens the table stored under {@code file} for descriptors of {@code dimensions} values, as
   * {@link #open(Path, Sealer)} does for the shipped model's 128.
   *
   * @param file the journal, as for {@link #open(Path, Sealer)}
   * @param sealer encrypts the journal's entries, or {@code null}
   * @param dimensions the descriptor length, 1-{@value #MAX_DIMENSIONS}
   * @return the table
   * @throws IOException if the files cannot be read
   * @throws CorruptDataException if the journal holds a descriptor of another length
   */
  public static FaceTable open(Path file, @Nullable Sealer sealer, int dimensions)
      throws IOException {
    checkDimensions(dimensions);
    DirectoryLock lock = DirectoryLock.acquire(file.toAbsolutePath().getParent());
    FaceTable table = new FaceTable(lock, dimensions);
    try {
      BitSet gaining = new BitSet();
      BitSet dirty = new BitSet();
      table.journal =
          ShardedJournal.open(file, sealer, (shard, entry) -> table.replay(shard, entry, gaining, dirty));
      table.journal.repair(gaining, dirty, shard -> table.entriesOf(shard, Set.of()));
      return table;
    } catch (IOException | RuntimeException e) {
      try {
        table.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * Writes a new journal holding exactly {@code faces}, with one forced write per shard instead
   * of one per face: for imports and benchmarks. Replaces any journal at {@code file}.
   *
   * @param file the journal, as for {@link #open}
   * @param faces the faces, with distinct ids
   * @param sealer encrypts the entries, or {@code null}
   * @throws IOException if the write fails
   */
  public static void writeAll(
      Path file, List<Face> faces, @Nullable Sealer sealer)
      throws IOException {
    List<List<byte[]>> shards = new ArrayList<>(ShardedJournal.SHARDS);
    for (int shard = 0; shard < ShardedJournal.SHARDS; shard++) {
      shards.add(new ArrayList<>());
    }
    for (Face face : faces) {
      shards.get(ShardedJournal.shardOf(face.user())).add(addEntry(face));
    }
    BitSet all = new BitSet();
    all.set(0, ShardedJournal.SHARDS);
    try (DirectoryLock lock = DirectoryLock.acquire(file.toAbsolutePath().getParent());
        ShardedJournal journal = ShardedJournal.open(file, sealer, (shard, entry) -> {})) {
      journal.repair(all, all, shards::get);
    }
  }

  private void replay(int shard, byte[] entry, BitSet gaining, BitSet dirty) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(entry));
    byte type = in.readByte();
    if (type == ADD || type == ADD_SIZED) {
      Face face = readFace(in, type == ADD ? DEFAULT_DIMENSIONS : in.readInt());
      if (face.descriptor().length != dim) {
        throw new CorruptDataException(
            "The face journal holds a descriptor of " + face.descriptor().length
                + " values; this table stores " + dim);
      }
      if (rowByFace.containsKey(face.faceId())) {
        markDirty(shard, dirty); // a duplicate: only earlier versions wrote these
        return;
      }
      insert(face);
      int home = shardOfRow(rowByFace.get(face.faceId()));
      if (home != shard) {
        gaining.set(home); // from the single journal of earlier versions
        markDirty(shard, dirty);
      }
    } else if (type == DELETE) {
      String faceId = in.readUTF();
      Integer row = rowByFace.get(faceId);
      if (row != null) {
        dirty.set(shardOfRow(row));
        removeRow(faceId);
      }
      markDirty(shard, dirty);
    } else {
      throw new CorruptDataException("Unknown face journal entry type " + type);
    }
  }

  private static void markDirty(int shard, BitSet dirty) {
    if (shard != ShardedJournal.LEGACY) {
      dirty.set(shard);
    }
  }

  /**
   * Returns how many faces the table holds.
   *
   * @return the count
   */
  public int size() {
    return size;
  }

  /**
   * Returns a face by id.
   *
   * @param faceId the id
   * @return the face, if stored
   */
  public Optional<Face> face(String faceId) {
    Integer row = rowByFace.get(faceId);
    return row == null ? Optional.empty() : Optional.of(faces[row]);
  }

  /**
   * Returns a user's faces, oldest first.
   *
   * @param user the user
   * @return the faces
   */
  public List<Face> facesOf(UserId user) {
    Integer slot = slotByUser.get(user);
    if (slot == null) {
      return List.of();
    }
    List<Face> out = new ArrayList<>();
    for (int row : rowsBySlot.getOrDefault(slot, List.of())) {
      out.add(faces[row]);
    }
    out.sort(
        java.util.Comparator.comparingLong(Face::createdAtMillis).thenComparing(Face::faceId));
    return out;
  }

  /**
   * Returns every face, of every user, each user's oldest first.
   *
   * @return the faces
   */
  public List<Face> allFaces() {
    List<Face> out = new ArrayList<>();
    for (UserId user : slotByUser.keySet()) {
      out.addAll(facesOf(user));
    }
    return out;
  }

  /**
   * Stores a face durably.
   *
   * @param face the face; its id must be new
   * @throws IOException if the journal write fails (the table is then unchanged)
   */
  public void add(Face face) throws IOException {
    if (face.descriptor().length != dim) {
      throw new IllegalArgumentException(
          "A descriptor has " + dim + " values here, got " + face.descriptor().length);
    }
    if (rowByFace.containsKey(face.faceId())) {
      throw new IllegalArgumentException("Face " + face.faceId() + " is already stored");
    }
    Integer slot = slotByUser.get(face.user());
    int shard = slot != null ? shardBySlot[slot] : ShardedJournal.shardOf(face.user());
    journal().append(shard, addEntry(face));
    insert(face);
  }

  /**
   * Deletes a face durably, leaving nothing of it in any file.
   *
   * @param faceId the face
   * @return {@code true} if it was stored
   * @throws IOException if the journal write fails (the table is then unchanged)
   */
  public boolean remove(String faceId) throws IOException {
    return !removeAll(List.of(faceId)).isEmpty();
  }

  /**
   * Deletes faces durably: rewrites each affected shard once, without them. Once this returns,
   * no file holds the returned faces' ids, owners or descriptors.
   *
   * @param faceIds the faces; unknown ids are ignored
   * @return the ids that were stored and are now deleted
   * @throws IOException if a rewrite fails; the faces of the shards rewritten before it are
   *     deleted, the others are unchanged
   */
  public Set<String> removeAll(Collection<String> faceIds) throws IOException {
    Set<String> doomed = new LinkedHashSet<>();
    BitSet shards = new BitSet();
    for (String faceId : faceIds) {
      Integer row = rowByFace.get(faceId);
      if (row != null && doomed.add(faceId)) {
        shards.set(shardOfRow(row));
      }
    }
    Set<String> removed = new LinkedHashSet<>();
    for (int shard = shards.nextSetBit(0); shard >= 0; shard = shards.nextSetBit(shard + 1)) {
      journal().rewrite(shard, entriesOf(shard, doomed));
      for (String faceId : doomed) {
        Integer row = rowByFace.get(faceId);
        if (row != null && shardOfRow(row) == shard) {
          removeRow(faceId);
          removed.add(faceId);
        }
      }
    }
    return removed;
  }

  private ShardedJournal journal() {
    ShardedJournal j = journal;
    if (j == null) {
      throw new IllegalStateException("The face table is not open");
    }
    return j;
  }

  private int shardOfRow(int row) {
    return shardBySlot[userSlots[row]];
  }

  /** Returns the entries a shard holds, without {@code except}. */
  private List<byte[]> entriesOf(int shard, Set<String> except) throws IOException {
    List<byte[]> entries = new ArrayList<>();
    for (int row = 0; row < size; row++) {
      Face f = faces[row];
      if (shardOfRow(row) == shard && !except.contains(f.faceId())) {
        float[] descriptor = Arrays.copyOfRange(vectors, row * dim, (row + 1) * dim);
        entries.add(addEntry(new Face(f.faceId(), f.user(), f.createdAtMillis(), descriptor, f.face())));
      }
    }
    return entries;
  }

  /**
   * Finds the users whose best face is nearest to {@code probe}, by brute force.
   *
   * @param probe a descriptor
   * @param maxUsers the most users to return
   * @return one hit per user, nearest first
   */
  public List<Hit> search(float[] probe, int maxUsers) {
    if (probe.length != dim) {
      throw new IllegalArgumentException("A probe has " + dim + " values here, got " + probe.length);
    }
    int userCount = users.size();
    float[] best = new float[userCount];
    int[] bestRow = new int[userCount];
    Arrays.fill(best, Float.POSITIVE_INFINITY);
    for (int row = 0; row < size; row++) {
      float d = squaredDistance(probe, vectors, row * dim);
      int slot = userSlots[row];
      if (d < best[slot]) {
        best[slot] = d;
        bestRow[slot] = row;
      }
    }
    PriorityQueue<Integer> top =
        new PriorityQueue<>(Math.max(1, maxUsers), (a, b) -> Float.compare(best[b], best[a]));
    for (int slot = 0; slot < userCount; slot++) {
      if (best[slot] == Float.POSITIVE_INFINITY) {
        continue;
      }
      if (top.size() < maxUsers) {
        top.add(slot);
      } else if (best[slot] < best[top.peek()]) {
        top.poll();
        top.add(slot);
      }
    }
    List<Hit> hits = new ArrayList<>(top.size());
    for (int slot : top) {
      hits.add(
          new Hit(Objects.requireNonNull(users.get(slot)), faces[bestRow[slot]].faceId(), Math.sqrt(best[slot])));
    }
    hits.sort(java.util.Comparator.comparingDouble(Hit::distance).thenComparing(Hit::faceId));
    return hits;
  }

  private float squaredDistance(float[] probe, float[] matrix, int offset) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int n = dim;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      float d0 = probe[i] - matrix[offset + i];
      float d1 = probe[i + 1] - matrix[offset + i + 1];
      float d2 = probe[i + 2] - matrix[offset + i + 2];
      float d3 = probe[i + 3] - matrix[offset + i + 3];
      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
    }
    for (; i < n; i++) {
      float d = probe[i] - matrix[offset + i];
      s0 += d * d;
    }
    return s0 + s1 + s2 + s3;
  }

  private void insert(Face face) {
    if (size == faces.length) {
      int capacity = faces.length * 2;
      faces = Arrays.copyOf(faces, capacity);
      userSlots = Arrays.copyOf(userSlots, capacity);
      vectors = Arrays.copyOf(vectors, capacity * dim);
    }
    Integer slot = slotByUser.get(face.user());
    if (slot == null) {
      slot = freeSlots.pollFirst();
      if (slot == null) {
        slot = users.size();
        users.add(face.user());
        if (slot == shardBySlot.length) {
          shardBySlot = Arrays.copyOf(shardBySlot, slot * 2);
        }
      } else {
        users.set(slot, face.user());
      }
      shardBySlot[slot] = ShardedJournal.shardOf(face.user());
      slotByUser.put(face.user(), slot);
    }
    int row = size++;
    // the descriptor lives in the matrix only: half the memory per face
    faces[row] =
        new Face(face.faceId(), face.user(), face.createdAtMillis(), NO_DESCRIPTOR, face.face());
    userSlots[row] = slot;
    System.arraycopy(face.descriptor(), 0, vectors, row * dim, dim);
    rowByFace.put(face.faceId(), row);
    rowsBySlot.computeIfAbsent(slot, s -> new ArrayList<>()).add(row);
  }

  /** Removes a row by moving the last row into its place. */
  private boolean removeRow(String faceId) {
    Integer row = rowByFace.remove(faceId);
    if (row == null) {
      return false;
    }
    int slot = userSlots[row];
    List<Integer> slotRows = rowsBySlot.get(slot);
    slotRows.remove(row);
    if (slotRows.isEmpty()) { // the user's last face: forget the user id too
      rowsBySlot.remove(slot);
      slotByUser.remove(users.get(slot));
      users.set(slot, null);
      freeSlots.add(slot);
    }
    int last = --size;
    if (row != last) {
      Face moved = faces[last];
      int movedSlot = userSlots[last];
      faces[row] = moved;
      userSlots[row] = movedSlot;
      System.arraycopy(vectors, last * dim, vectors, row * dim, dim);
      rowByFace.put(moved.faceId(), row);
      List<Integer> rows = rowsBySlot.get(movedSlot);
      rows.set(rows.indexOf(last), row);
    }
    faces[last] = null;
    Arrays.fill(vectors, last * dim, (last + 1) * dim, 0f); // no stale copy of a descriptor in memory
    return true;
  }

  private static byte[] addEntry(Face face) throws IOException {
    int n = face.descriptor().length;
    Journal.EntryWriter w = Journal.writer();
    w.writeByte(n == DEFAULT_DIMENSIONS ? ADD : ADD_SIZED); // 128: readable by earlier versions
    if (n != DEFAULT_DIMENSIONS) {
      w.writeInt(n);
    }
    w.writeUTF(face.faceId());
    w.writeUTF(face.user().value());
    w.writeLong(face.createdAtMillis());
    java.nio.ByteBuffer raw = java.nio.ByteBuffer.allocate(n * Float.BYTES);
    raw.asFloatBuffer().put(face.descriptor());
    w.write(raw.array());
    DetectedFace f = face.face();
    w.writeBoolean(f != null);
    if (f != null) {
      w.writeDouble(f.box().left());
      w.writeDouble(f.box().top());
      w.writeDouble(f.box().width());
      w.writeDouble(f.box().height());
      w.writeDouble(f.confidence().orElse(-1));
      w.writeInt(f.sizePixels());
      w.writeDouble(f.brightness().orElse(-1));
      w.writeDouble(f.sharpness().orElse(-1));
      Pose pose = f.pose().orElse(null);
      w.writeBoolean(pose != null);
      if (pose != null) {
        w.writeDouble(pose.yaw());
        w.writeDouble(pose.pitch());
        w.writeDouble(pose.roll());
      }
    }
    return w.bytes();
  }

  private static Face readFace(DataInputStream in, int dimensions) throws IOException {
    if (dimensions < 1 || dimensions > MAX_DIMENSIONS) {
      throw new CorruptDataException("A face journal entry claims " + dimensions + " descriptor values");
    }
    String faceId = in.readUTF();
    UserId user = UserId.of(in.readUTF());
    long created = in.readLong();
    byte[] raw = new byte[dimensions * Float.BYTES];
    in.readFully(raw);
    float[] descriptor = new float[dimensions];
    java.nio.ByteBuffer.wrap(raw).asFloatBuffer().get(descriptor); // big-endian, as writeFloat

    DetectedFace face = null;
    if (in.readBoolean()) {
      DetectedFace.Builder b =
          DetectedFace.builder()
              .box(BoundingBox.of(in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble()))
              .sizePixels(0);
      double confidence = in.readDouble();
      if (confidence >= 0) {
        b.confidence(confidence);
      }
      b.sizePixels(in.readInt());
      double brightness = in.readDouble();
      double sharpness = in.readDouble();
      if (brightness >= 0) {
        b.brightness(brightness);
      }
      if (sharpness >= 0) {
        b.sharpness(sharpness);
      }
      if (in.readBoolean()) {
        b.pose(Pose.of(in.readDouble(), in.readDouble(), in.readDouble()));
      }
      face = b.build();
    }
    return new Face(faceId, user, created, descriptor, face);
  }

  /** Closes the journal and releases the directory. Idempotent. */
  @Override
  public void close() throws IOException {
    try {
      if (journal != null) {
        journal.close();
      }
    } finally {
      lock.close();
    }
  }
}
