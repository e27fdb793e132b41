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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/**
 * The faces of one collection: descriptors in one contiguous {@code float[]} for brute-force
 * search, with their ids, owners and measurements, persisted in a {@link Journal}.
 *
 * <p>Not thread-safe: the owning index guards it with a read-write lock (searches read, changes
 * write).
 */
public final class FaceTable implements AutoCloseable {

  private static final byte ADD = 1;
  private static final byte DELETE = 2;
  private static final int DIM = DlibFaceEmbedder.DIMENSIONS;
  private static final float[] NO_DESCRIPTOR = new float[0];

  /**
   * One stored face.
   *
   * @param faceId the face id
   * @param user the owner
   * @param createdAtMillis when it was indexed, epoch milliseconds
   * @param descriptor the 128-d descriptor when adding; empty in faces read back from the table,
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

  private final Journal journal;
  private final DirectoryLock lock;
  private float[] vectors = new float[64 * DIM];
  private Face[] faces = new Face[64];
  private int[] userSlots = new int[64];
  private int size;
  private final Map<String, Integer> rowByFace = new HashMap<>();
  private final List<UserId> users = new ArrayList<>();
  private final Map<UserId, Integer> slotByUser = new HashMap<>();
  private final Map<Integer, List<Integer>> rowsBySlot = new HashMap<>();
  private long deadEntries;

  private FaceTable(Journal journal, DirectoryLock lock) {
    this.journal = journal;
    this.lock = lock;
  }

  /**
   * Opens the table stored in {@code file}, replaying its journal.
   *
   * @param file the journal file
   * @param sealer encrypts the journal's entries, or {@code null} for a plain journal
   * @return the table
   * @throws IOException if the file cannot be read
   * @throws IllegalStateException if another table holds the directory, or the journal's
   *     encryption does not match {@code sealer}
   */
  public static FaceTable open(Path file, @Nullable Sealer sealer)
      throws IOException {
    DirectoryLock lock = DirectoryLock.acquire(file.toAbsolutePath().getParent());
    List<byte[]> entries = new ArrayList<>();
    Journal journal;
    try {
      journal = Journal.open(file, entries, sealer);
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
    FaceTable table = new FaceTable(journal, lock);
    try {
      for (byte[] entry : entries) {
        table.replay(entry);
      }
      if (table.deadEntries > Math.max(1024, table.size)) {
        table.compact();
      }
      return table;
    } catch (IOException | RuntimeException e) {
      journal.close();
      throw e;
    }
  }

  /**
   * Writes a new journal holding exactly {@code faces}, with one forced write instead of one per
   * face: for imports and benchmarks. Replaces any journal at {@code file}.
   *
   * @param file the journal file
   * @param faces the faces, with distinct ids
   * @param sealer encrypts the entries, or {@code null}
   * @throws IOException if the write fails
   */
  public static void writeAll(
      Path file, List<Face> faces, @Nullable Sealer sealer)
      throws IOException {
    List<byte[]> entries = new ArrayList<>(faces.size());
    for (Face face : faces) {
      entries.add(addEntry(face));
    }
    try (DirectoryLock lock = DirectoryLock.acquire(file.toAbsolutePath().getParent());
        Journal journal = Journal.open(file, new ArrayList<>(), sealer)) {
      journal.rewrite(entries);
    }
  }

  private void replay(byte[] entry) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(entry));
    byte type = in.readByte();
    if (type == ADD) {
      Face face = readFace(in);
      if (rowByFace.containsKey(face.faceId())) {
        deadEntries++;
        return;
      }
      insert(face);
    } else if (type == DELETE) {
      String faceId = in.readUTF();
      deadEntries += 1 + (removeRow(faceId) ? 1 : 0);
    } else {
      throw new IOException("Unknown face journal entry type " + type);
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
   * Stores a face durably.
   *
   * @param face the face; its id must be new
   * @throws IOException if the journal write fails (the table is then unchanged)
   */
  public void add(Face face) throws IOException {
    if (face.descriptor().length != DIM) {
      throw new IllegalArgumentException("A descriptor has " + DIM + " values");
    }
    if (rowByFace.containsKey(face.faceId())) {
      throw new IllegalArgumentException("Face " + face.faceId() + " is already stored");
    }
    journal.append(addEntry(face));
    insert(face);
  }

  /**
   * Deletes a face durably.
   *
   * @param faceId the face
   * @return {@code true} if it was stored
   * @throws IOException if the journal write fails (the table is then unchanged)
   */
  public boolean remove(String faceId) throws IOException {
    if (!rowByFace.containsKey(faceId)) {
      return false;
    }
    Journal.EntryWriter w = Journal.writer();
    w.writeByte(DELETE);
    w.writeUTF(faceId);
    journal.append(w.bytes());
    removeRow(faceId);
    deadEntries += 2;
    if (deadEntries > Math.max(1024, size)) {
      compact();
    }
    return true;
  }

  /**
   * Finds the users whose best face is nearest to {@code probe}, by brute force.
   *
   * @param probe a descriptor
   * @param maxUsers the most users to return
   * @return one hit per user, nearest first
   */
  public List<Hit> search(float[] probe, int maxUsers) {
    int userCount = users.size();
    float[] best = new float[userCount];
    int[] bestRow = new int[userCount];
    Arrays.fill(best, Float.POSITIVE_INFINITY);
    for (int row = 0; row < size; row++) {
      float d = squaredDistance(probe, vectors, row * DIM);
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
      hits.add(new Hit(users.get(slot), faces[bestRow[slot]].faceId(), Math.sqrt(best[slot])));
    }
    hits.sort(java.util.Comparator.comparingDouble(Hit::distance).thenComparing(Hit::faceId));
    return hits;
  }

  private static float squaredDistance(float[] probe, float[] matrix, int offset) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    for (int i = 0; i < DIM; i += 4) {
      float d0 = probe[i] - matrix[offset + i];
      float d1 = probe[i + 1] - matrix[offset + i + 1];
      float d2 = probe[i + 2] - matrix[offset + i + 2];
      float d3 = probe[i + 3] - matrix[offset + i + 3];
      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
    }
    return s0 + s1 + s2 + s3;
  }

  private void insert(Face face) {
    if (size == faces.length) {
      int capacity = faces.length * 2;
      faces = Arrays.copyOf(faces, capacity);
      userSlots = Arrays.copyOf(userSlots, capacity);
      vectors = Arrays.copyOf(vectors, capacity * DIM);
    }
    Integer slot = slotByUser.get(face.user());
    if (slot == null) {
      slot = users.size();
      users.add(face.user());
      slotByUser.put(face.user(), slot);
    }
    int row = size++;
    // the descriptor lives in the matrix only: half the memory per face
    faces[row] =
        new Face(face.faceId(), face.user(), face.createdAtMillis(), NO_DESCRIPTOR, face.face());
    userSlots[row] = slot;
    System.arraycopy(face.descriptor(), 0, vectors, row * DIM, DIM);
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
    rowsBySlot.get(slot).remove(row);
    int last = --size;
    if (row != last) {
      Face moved = faces[last];
      int movedSlot = userSlots[last];
      faces[row] = moved;
      userSlots[row] = movedSlot;
      System.arraycopy(vectors, last * DIM, vectors, row * DIM, DIM);
      rowByFace.put(moved.faceId(), row);
      List<Integer> rows = rowsBySlot.get(movedSlot);
      rows.set(rows.indexOf(last), row);
    }
    faces[last] = null;
    return true;
  }

  private void compact() throws IOException {
    List<byte[]> live = new ArrayList<>(size);
    for (int row = 0; row < size; row++) {
      Face f = faces[row];
      float[] descriptor = Arrays.copyOfRange(vectors, row * DIM, (row + 1) * DIM);
      live.add(addEntry(new Face(f.faceId(), f.user(), f.createdAtMillis(), descriptor, f.face())));
    }
    journal.rewrite(live);
    deadEntries = 0;
  }

  private static byte[] addEntry(Face face) throws IOException {
    Journal.EntryWriter w = Journal.writer();
    w.writeByte(ADD);
    w.writeUTF(face.faceId());
    w.writeUTF(face.user().value());
    w.writeLong(face.createdAtMillis());
    java.nio.ByteBuffer raw = java.nio.ByteBuffer.allocate(DIM * Float.BYTES);
    raw.asFloatBuffer().put(face.descriptor());
    w.write(raw.array());
    DetectedFace f = face.face();
    w.writeBoolean(f != null);
    if (f != null) {
      w.writeDouble(f.box().left());
      w.writeDouble(f.box().top());
      w.writeDouble(f.box().width());
      w.writeDouble(f.box().height());
      w.writeDouble(f.confidence());
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

  private static Face readFace(DataInputStream in) throws IOException {
    String faceId = in.readUTF();
    UserId user = UserId.of(in.readUTF());
    long created = in.readLong();
    byte[] raw = new byte[DIM * Float.BYTES];
    in.readFully(raw);
    float[] descriptor = new float[DIM];
    java.nio.ByteBuffer.wrap(raw).asFloatBuffer().get(descriptor); // big-endian, as writeFloat

    DetectedFace face = null;
    if (in.readBoolean()) {
      DetectedFace.Builder b =
          DetectedFace.builder()
              .box(BoundingBox.of(in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble()))
              .confidence(in.readDouble())
              .sizePixels(in.readInt());
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

  /** Closes the journal and releases the directory. */
  @Override
  public void close() throws IOException {
    try {
      journal.close();
    } finally {
      lock.close();
    }
  }
}
