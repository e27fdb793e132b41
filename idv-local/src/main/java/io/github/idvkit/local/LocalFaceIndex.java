package io.github.idvkit.local;

import ai.onnxruntime.OrtException;
import io.github.idvkit.DetectedFace;
import io.github.idvkit.FaceId;
import io.github.idvkit.FaceImage;
import io.github.idvkit.QualityIssue;
import io.github.idvkit.UserId;
import io.github.idvkit.local.internal.Analysis;
import io.github.idvkit.local.internal.AtomicFiles;
import io.github.idvkit.local.internal.FaceEngine;
import io.github.idvkit.local.internal.FaceMapping;
import io.github.idvkit.local.internal.FacePlausibility;
import io.github.idvkit.local.internal.FaceTable;
import io.github.idvkit.local.internal.LocalFailures;
import io.github.idvkit.local.internal.ModelFile;
import io.github.idvkit.local.internal.Sealer;
import io.github.idvkit.spi.CollectionInfo;
import io.github.idvkit.spi.Consistency;
import io.github.idvkit.spi.FaceIndex;
import io.github.idvkit.spi.FaceMatch;
import io.github.idvkit.spi.IndexResult;
import io.github.idvkit.spi.IndexedFace;
import io.github.idvkit.spi.SearchResult;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link FaceIndex} on the offline engine: one dlib descriptor per indexed face, searched by
 * brute force (about 1 ms over 10,000 faces and 9 ms over 100,000 on one core, see the module
 * README), kept in memory and persisted under a directory so it survives restarts.
 *
 * <pre>{@code
 * try (LocalFaceIndex index = LocalFaceIndex.builder()
 *     .engine(engine).directory(Path.of("/var/lib/idv/index")).collectionId("users").build()) {
 *   index.createCollection();
 *   index.index(UserId.of("alice@example.com"), selfie);
 *   SearchResult result = index.search(probe, 5);
 * }
 * }</pre>
 *
 * <p>Layout: {@code <directory>/<collectionId>/collection.properties} (provider, model version,
 * creation time, written atomically) and {@code faces-00.journal} to {@code faces-3f.journal},
 * journals holding the faces of 1/64 of the users each. Every new face is appended as a
 * checksummed entry and forced to disk before the call returns; a crash loses at most the call in
 * flight, never earlier faces. Deleting rewrites the owner's journal without the face (temporary
 * file, forced, renamed), so once {@link #deleteFaces} returns, no file holds the face's
 * descriptor or its owner's id. Files and directories are readable by their owner only (POSIX).
 * One process at a time may open a collection directory (a lock file enforces it). With an {@link
 * Builder#encryptionKey encryption key} every journal entry is sealed with AES-GCM.
 *
 * <p>Face ids are derived from the user and the image's SHA-256, so indexing the same image for the
 * same user again returns the same face id and stores nothing new (the port no longer asks for
 * this: core's registration intent makes a retry reuse its face). A collection made by other
 * models is refused with {@link io.github.idvkit.ConfigurationException}: descriptors of different
 * models cannot be compared.
 *
 * <p>Thread-safe: searches run concurrently, changes one at a time. Closes its engine only if it
 * created it.
 */
public final class LocalFaceIndex implements FaceIndex, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalFaceIndex.class);
  private static final String PROPERTIES = "collection.properties";
  private static final String JOURNAL = "faces.journal";

  private final LocalFaceEngine engine;
  private final boolean ownsEngine;
  private final Path collectionDir;
  private final String collectionId;
  private final Clock clock;
  private final @Nullable Sealer sealer;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile @Nullable FaceTable table;
  private boolean closed;

  private LocalFaceIndex(Builder b, LocalFaceEngine engine, boolean ownsEngine) {
    this.engine = engine;
    this.ownsEngine = ownsEngine;
    this.collectionId = b.collectionId;
    this.collectionDir = Objects.requireNonNull(b.directory).resolve(b.collectionId);
    this.clock = b.clock;
    this.sealer = b.encryptionKey == null ? null : new Sealer(b.encryptionKey);
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
   * Describes the collection.
   *
   * @return the collection, or empty if it does not exist
   * @throws io.github.idvkit.ProviderException if its files cannot be read
   */
  @Override
  public Optional<CollectionInfo> describeCollection() {
    lock.writeLock().lock();
    try {
      checkOpen();
      Optional<Properties> properties = readProperties();
      if (properties.isEmpty()) {
        return Optional.empty();
      }
      long count = isSameModel(properties.get()) ? table().size() : 0;
      return Optional.of(info(properties.get(), count));
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Creates the collection if it does not exist; on an existing one changes nothing.
   *
   * @return the collection
   * @throws io.github.idvkit.ConfigurationException if the directory cannot be written, or the
   *     existing collection was made by other models
   * @throws io.github.idvkit.ProviderException if its files cannot be written
   */
  @Override
  public CollectionInfo createCollection() {
    lock.writeLock().lock();
    try {
      checkOpen();
      Optional<Properties> existing = readProperties();
      if (existing.isPresent()) {
        return info(existing.get(), table().size());
      }
      Properties p = new Properties();
      p.setProperty("provider", LocalFailures.PROVIDER);
      p.setProperty("collectionId", collectionId);
      p.setProperty("modelVersion", engine.modelVersion());
      p.setProperty("createdAt", clock.instant().toString());
      StringWriter out = new StringWriter();
      p.store(out, "idv-local face collection");
      try {
        AtomicFiles.createDirectories(collectionDir);
      } catch (IOException e) {
        throw LocalFailures.misconfigured(
            "Cannot create the face collection directory " + collectionDir + ": " + e.getMessage(), e);
      }
      AtomicFiles.write(collectionDir.resolve(PROPERTIES), out.toString().getBytes(StandardCharsets.UTF_8));
      LOG.debug("Created collection [provider=local, collectionId={}]", collectionId);
      return info(p, table().size());
    } catch (IOException e) {
      throw LocalFailures.failed("CreateCollection", e);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Deletes the collection: its directory and every face in it.
   *
   * @return {@code true} if it existed
   * @throws io.github.idvkit.ProviderException if its files cannot be deleted
   */
  @Override
  public boolean deleteCollection() {
    lock.writeLock().lock();
    try {
      checkOpen();
      closeTable();
      boolean existed = Files.exists(collectionDir.resolve(PROPERTIES));
      AtomicFiles.deleteTree(collectionDir);
      LOG.debug("Deleted collection [provider=local, collectionId={}, existed={}]", collectionId, existed);
      return existed;
    } catch (IOException e) {
      throw LocalFailures.failed("DeleteCollection", e);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Indexes the largest face of {@code image} for {@code user}. The same image for the same user
   * again returns the same face and stores nothing new.
   *
   * @param user the face's owner
   * @param image a JPEG or PNG, ideally normalised
   * @return the indexed face, or {@link QualityIssue#NO_FACE} if the image has none
   * @throws io.github.idvkit.InvalidImageException if the image cannot be decoded
   * @throws io.github.idvkit.ConfigurationException if the collection does not exist or was made
   *     by other models
   * @throws io.github.idvkit.ProviderException if the engine or the disk fails
   */
  @Override
  public IndexResult index(UserId user, FaceImage image) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(image, "image");
    String faceId = faceIdFor(user, image);
    readyTable();
    lock.readLock().lock();
    try {
      checkOpen();
      Optional<FaceTable.Face> existing = requireTable().face(faceId);
      if (existing.isPresent()) {
        return IndexResult.of(indexed(existing.get()));
      }
    } finally {
      lock.readLock().unlock();
    }
    FaceTable.Face face;
    try {
      Analysis analysis = engine.engine().analyze(image);
      if (analysis.faces().isEmpty()) {
        LOG.debug("Indexed no face [provider=local, reason=NO_FACE]");
        return IndexResult.notIndexed(Set.of(QualityIssue.NO_FACE));
      }
      if (!FacePlausibility.plausible(
          analysis.faces().get(0),
          analysis.descriptor(0),
          engine.engine().descriptor().nonFacePrototype())) {
        // Never enrol what is not a face (a cat passed the detector's score before).
        LOG.debug("Indexed no face [provider=local, reason=LOW_CONFIDENCE]");
        return IndexResult.notIndexed(Set.of(QualityIssue.LOW_CONFIDENCE));
      }
      double mirror = engine.engine().mirrorScore(analysis.image(), analysis.faces().get(0).detection());
      if (mirror < FacePlausibility.MIN_MIRROR_SCORE) {
        // A face is found again in its mirror image; a pattern that fires the detector often is
        // not (a photographed gravestone carving registered before). Enrolment only: one more detect.
        LOG.debug("Indexed no face [provider=local, reason=LOW_CONFIDENCE, mirrorScore={}]", mirror);
        return IndexResult.notIndexed(Set.of(QualityIssue.LOW_CONFIDENCE));
      }
      face =
          new FaceTable.Face(
              faceId,
              user,
              clock.millis(),
              analysis.enrolmentDescriptor(0),
              FaceMapping.detectedFace(analysis.image(), analysis.faces().get(0)));
    } catch (OrtException ex) {
      throw LocalFailures.failed("IndexFaces", ex);
    }
    lock.writeLock().lock();
    try {
      checkOpen();
      FaceTable t = requireTable();
      Optional<FaceTable.Face> existing = t.face(faceId);
      if (existing.isPresent()) {
        return IndexResult.of(indexed(existing.get()));
      }
      t.add(face);
      LOG.debug("Indexed face [provider=local, faceId={}, faces={}]", faceId, t.size());
      return IndexResult.of(indexed(face));
    } catch (IOException ex) {
      throw LocalFailures.failed("IndexFaces", ex);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Searches for the users whose faces are nearest the probe's largest face, by brute force over
   * every stored descriptor.
   *
   * @param probe a JPEG or PNG, ideally normalised
   * @param maxUsers the most users to report, at least 1
   * @return one match per user, highest similarity first, and every face seen in the probe
   * @throws io.github.idvkit.InvalidImageException if the image cannot be decoded
   * @throws io.github.idvkit.ConfigurationException if the collection does not exist or was made
   *     by other models
   * @throws io.github.idvkit.ProviderException if the engine or the disk fails
   */
  @Override
  public SearchResult search(FaceImage probe, int maxUsers) {
    Objects.requireNonNull(probe, "probe");
    if (maxUsers < 1) {
      throw new IllegalArgumentException("maxUsers must be at least 1, got " + maxUsers);
    }
    readyTable();
    Analysis analysis;
    float[] descriptor = null;
    try {
      analysis = engine.engine().analyze(probe);
      if (!analysis.faces().isEmpty()) {
        descriptor = analysis.descriptor(0);
      }
    } catch (OrtException ex) {
      throw LocalFailures.failed("SearchFacesByImage", ex);
    }
    List<DetectedFace> probeFaces = new ArrayList<>(analysis.faces().size());
    for (FaceEngine.AnalyzedFace f : analysis.faces()) {
      probeFaces.add(FaceMapping.detectedFace(analysis.image(), f));
    }
    SearchResult.Builder result =
        SearchResult.builder()
            .probeFaces(probeFaces)
            .probeFacesComplete(true)
            .modelVersion(engine.modelVersion());
    if (descriptor == null) {
      LOG.debug("Searched [provider=local, probeFaces=0]");
      return result.build();
    }
    List<FaceTable.Hit> hits;
    long start = System.nanoTime();
    lock.readLock().lock();
    try {
      checkOpen();
      hits = requireTable().search(descriptor, maxUsers);
    } finally {
      lock.readLock().unlock();
    }
    for (FaceTable.Hit hit : hits) {
      result.addMatches(
          FaceMatch.of(hit.user(), engine.descriptorModel().similarity(hit.distance()), FaceId.of(hit.faceId())));
    }
    LOG.debug(
        "Searched [provider=local, probeFaces={}, matches={}, micros={}]",
        probeFaces.size(),
        hits.size(),
        (System.nanoTime() - start) / 1000);
    return result.build();
  }

  /**
   * Lists a user's faces, oldest first.
   *
   * @param user the user
   * @return the faces, empty if none
   * @throws io.github.idvkit.ConfigurationException if the collection does not exist
   * @throws io.github.idvkit.ProviderException if the disk fails
   */
  @Override
  public List<IndexedFace> listFaces(UserId user) {
    Objects.requireNonNull(user, "user");
    readyTable();
    lock.readLock().lock();
    try {
      checkOpen();
      List<IndexedFace> out = new ArrayList<>();
      for (FaceTable.Face f : requireTable().facesOf(user)) {
        out.add(indexed(f));
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Lists every face of the collection, of every user. The faces are all in memory: the stream
   * reads a copy of the table's face list taken when this is called (the {@link IndexedFace}s are
   * made as it is read). Every face of a local collection is idv's: its directory is idv's alone.
   *
   * @return the faces, each once
   * @throws io.github.idvkit.ConfigurationException if the collection does not exist
   * @throws io.github.idvkit.ProviderException if the disk fails
   */
  @Override
  public Stream<IndexedFace> listAllFaces() {
    readyTable();
    List<FaceTable.Face> faces;
    lock.readLock().lock();
    try {
      checkOpen();
      faces = List.copyOf(requireTable().allFaces());
    } finally {
      lock.readLock().unlock();
    }
    return faces.stream().map(this::indexed);
  }

  /**
   * Returns {@link Consistency#READ_AFTER_WRITE}: {@link #index} adds the face to the in-memory
   * table under the write lock before it returns, and every search reads that table.
   *
   * @return {@link Consistency#READ_AFTER_WRITE}
   */
  @Override
  public Consistency consistency() {
    return Consistency.READ_AFTER_WRITE;
  }

  /**
   * Deletes the named faces of a user; ids that do not exist, or belong to another user, are left
   * alone. Once this returns, no file of the collection holds the deleted faces' descriptors or
   * their owner's id: the owner's journal is rewritten without them, once per call.
   *
   * @param user the faces' owner
   * @param faceIds the faces to delete
   * @return the ids that existed and were deleted
   * @throws io.github.idvkit.ConfigurationException if the collection does not exist
   * @throws io.github.idvkit.ProviderException if the disk fails
   */
  @Override
  public Set<FaceId> deleteFaces(UserId user, Collection<FaceId> faceIds) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(faceIds, "faceIds");
    readyTable();
    lock.writeLock().lock();
    try {
      checkOpen();
      FaceTable t = requireTable();
      List<String> owned = new ArrayList<>();
      for (FaceId id : faceIds) {
        Optional<FaceTable.Face> face = t.face(id.value());
        if (face.isPresent() && face.get().user().equals(user)) {
          owned.add(id.value());
        }
      }
      Set<String> removed = t.removeAll(owned); // one rewrite of the user's shard
      Set<FaceId> deleted = new LinkedHashSet<>();
      for (FaceId id : faceIds) {
        if (removed.contains(id.value())) {
          deleted.add(id);
        }
      }
      LOG.debug("Deleted faces [provider=local, deleted={}, faces={}]", deleted.size(), t.size());
      return deleted;
    } catch (IOException e) {
      throw LocalFailures.failed("DeleteFaces", e);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Returns the face id this index gives the largest face of {@code image} for {@code user}.
   *
   * @param user the owner
   * @param image the image
   * @return a hex id derived from the user and the image's SHA-256
   */
  static String faceIdFor(UserId user, FaceImage image) {
    String key = user.value() + "\n" + image.sha256();
    return "lf-" + ModelFile.sha256(key.getBytes(StandardCharsets.UTF_8)).substring(0, 32);
  }

  private IndexedFace indexed(FaceTable.Face face) {
    IndexedFace.Builder b =
        IndexedFace.builder()
            .faceId(FaceId.of(face.faceId()))
            .userId(face.user())
            .provider(LocalFailures.PROVIDER)
            .collectionId(collectionId)
            .modelVersion(engine.modelVersion());
    if (face.face() != null) {
      b.face(face.face());
    }
    return b.build();
  }

  private CollectionInfo info(Properties p, long faceCount) {
    CollectionInfo.Builder b =
        CollectionInfo.builder()
            .provider(LocalFailures.PROVIDER)
            .collectionId(collectionId)
            .faceCount(faceCount);
    String model = p.getProperty("modelVersion");
    if (model != null) {
      b.modelVersion(model);
    }
    return b.build();
  }

  private Optional<Properties> readProperties() {
    Path file = collectionDir.resolve(PROPERTIES);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      Properties p = new Properties();
      p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
      return Optional.of(p);
    } catch (IOException e) {
      throw LocalFailures.failed("DescribeCollection", e);
    }
  }

  private boolean isSameModel(Properties p) {
    return engine.modelVersion().equals(p.getProperty("modelVersion"));
  }

  /** Opens the table if the collection exists and was made by this engine's models. */
  private void readyTable() {
    if (table != null) {
      return;
    }
    lock.writeLock().lock();
    try {
      checkOpen();
      if (table != null) {
        return;
      }
      table(); // refuses a collection of other models
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Returns the open table, or throws if the collection was deleted meanwhile. Needs a lock. */
  private FaceTable requireTable() {
    FaceTable t = table;
    if (t == null) {
      throw missing();
    }
    return t;
  }

  private io.github.idvkit.ConfigurationException missing() {
    return LocalFailures.misconfigured(
        "The face collection '" + collectionId + "' does not exist; call createCollection() first",
        null);
  }

  /**
   * Returns the open table, opening it; needs the write lock and an existing collection. Every path
   * that opens the table comes here, so a collection made by other models is refused on each of
   * them (build, createCollection on an existing collection, the first search or index).
   */
  private FaceTable table() {
    FaceTable t = table;
    if (t == null) {
      Properties p = readProperties().orElseThrow(this::missing);
      if (!isSameModel(p)) {
        throw LocalFailures.misconfigured(
            "The face collection '" + collectionId + "' in " + collectionDir + " was made by model "
                + p.getProperty("modelVersion") + ", not " + engine.modelVersion()
                + " (collection.properties); descriptors of different models cannot be compared."
                + " Use the models it was made with, or register the users again into a new"
                + " collection (another collectionId or data directory).",
            null);
      }
      try {
        // owner-only, also for collections written by earlier versions; no stale temporary files
        AtomicFiles.restrict(collectionDir);
        AtomicFiles.restrict(collectionDir.resolve(PROPERTIES));
        AtomicFiles.deleteTemporaryFiles(collectionDir.resolve(PROPERTIES));
        t = FaceTable.open(collectionDir.resolve(JOURNAL), sealer, engine.engine().descriptor().embeddingSize());
      } catch (IllegalStateException e) {
        throw LocalFailures.misconfigured(e.getMessage(), e);
      } catch (IOException e) {
        throw LocalFailures.failed("OpenCollection", e);
      }
      table = t;
    }
    return t;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("This LocalFaceIndex is closed");
    }
  }

  private void closeTable() throws IOException {
    if (table != null) {
      table.close();
      table = null;
    }
  }

  /** Closes the collection's files, and the engine if this index created it. Idempotent. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      closeTable();
    } catch (IOException e) {
      LOG.warn("Closing the face journal failed [collectionId={}, error={}]", collectionId, e.getMessage());
    } finally {
      lock.writeLock().unlock();
    }
    if (ownsEngine) {
      engine.close();
    }
  }

  /** Builds a {@link LocalFaceIndex}. Not thread-safe. */
  public static final class Builder {
    private @Nullable LocalFaceEngine engine;
    private @Nullable Path directory;
    private String collectionId = "faces";
    private Clock clock = Clock.systemUTC();
    private @Nullable SecretKey encryptionKey;

    private Builder() {}

    /**
     * Encrypts the face journal (descriptors, user ids, measurements) at rest with AES-GCM under
     * this key; none by default. The same key must be given to open the collection again.
     *
     * @param key an AES key (128, 192 or 256 bits)
     * @return this builder
     */
    public Builder encryptionKey(SecretKey key) {
      new Sealer(key); // validates the key
      this.encryptionKey = key;
      return this;
    }

    /**
     * Uses this engine; the index will not close it. Without one, the index creates an engine with
     * default settings and closes it on {@link #close()}.
     *
     * @param engine the engine
     * @return this builder
     */
    public Builder engine(LocalFaceEngine engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
      return this;
    }

    /**
     * Sets the directory that holds the collections. Required.
     *
     * @param directory the directory; created when the collection is
     * @return this builder
     */
    public Builder directory(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath();
      return this;
    }

    /**
     * Sets the collection this index serves; {@code "faces"} by default.
     *
     * @param collectionId 1-255 characters of {@code [A-Za-z0-9_.-]}, not {@code "."} or {@code
     *     ".."}
     * @return this builder
     */
    public Builder collectionId(String collectionId) {
      Objects.requireNonNull(collectionId, "collectionId");
      if (!collectionId.matches("[A-Za-z0-9_.\\-]{1,255}")
          || collectionId.equals(".")
          || collectionId.equals("..")) {
        throw new IllegalArgumentException(
            "A collection id must be 1-255 characters of [A-Za-z0-9_.-], not '.' or '..'");
      }
      this.collectionId = collectionId;
      return this;
    }

    /**
     * Sets the clock for creation times; the UTC system clock by default.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the index. The collection is not created; call {@link #createCollection()}.
     *
     * @return the index
     * @throws IllegalStateException if no directory was set
     * @throws io.github.idvkit.ConfigurationException if it must create an engine and cannot
     */
    public LocalFaceIndex build() {
      if (directory == null) {
        throw new IllegalStateException("LocalFaceIndex.builder() needs directory(...)");
      }
      return engine != null
          ? new LocalFaceIndex(this, engine, false)
          : new LocalFaceIndex(this, LocalFaceEngine.create(), true);
    }
  }

  @Override
  public String toString() {
    return "LocalFaceIndex[collectionId=" + collectionId + "]";
  }
}
