package io.github.idvkit.local.internal;

import io.github.idvkit.UserId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * A store's journal split by user into {@value #SHARDS} {@link Journal} files, {@code
 * <name>-00.journal} to {@code <name>-3f.journal}, so that deleting a user's entries rewrites one
 * small file instead of the whole store.
 *
 * <p>Deletes are rewrites, never appended tombstones: {@link #rewrite} replaces one shard
 * atomically (temporary file, forced, renamed, directory forced), so once a delete returns no
 * file holds the deleted entries, and after a crash a shard is either the old file or the new
 * one. A shard holds about 1/64 of the store: about 1 MB at 100,000 faces.
 *
 * <p>Upgrade: the single {@code <name>.journal} of earlier versions (with its deleted entries) is
 * read first on {@link #open}; the owner rewrites its live entries into the shards with {@link
 * #repair}, which then deletes the old file. It stays authoritative until deleted, so a crash
 * during the upgrade repeats it. Temporary files left by a crash are deleted on open.
 *
 * <p>Not thread-safe: the owner serialises calls.
 */
public final class ShardedJournal implements AutoCloseable {

  /** The number of shards, a power of two. */
  public static final int SHARDS = 64;

  /** The shard number given to entries of the single journal file of earlier versions. */
  public static final int LEGACY = -1;

  private static final String SUFFIX = ".journal";

  /** Receives the entries read on {@link #open}. */
  @FunctionalInterface
  public interface Replay {
    /**
     * Receives one entry.
     *
     * @param shard the shard the entry was read from, or {@link #LEGACY}
     * @param entry the entry, opened if sealed
     * @throws IOException if the entry cannot be understood
     */
    void accept(int shard, byte[] entry) throws IOException;
  }

  /** Gives the entries a shard should hold. */
  @FunctionalInterface
  public interface Content {
    /**
     * Returns the entries of one shard.
     *
     * @param shard the shard
     * @return its entries, in order
     * @throws IOException if an entry cannot be written
     */
    List<byte[]> entries(int shard) throws IOException;
  }

  private final Path legacyFile;
  private final @Nullable Sealer sealer;
  private final @Nullable Journal[] journals = new Journal[SHARDS];
  private boolean legacy;

  private ShardedJournal(Path legacyFile, @Nullable Sealer sealer) {
    this.legacyFile = legacyFile;
    this.sealer = sealer;
  }

  /**
   * Opens the journal named by {@code file}, replaying the entries of the single file of earlier
   * versions (if present) first, then those of each shard, in order.
   *
   * @param file {@code <directory>/<name>.journal}: the single file of earlier versions, whose
   *     name the shards share
   * @param sealer seals entries, or {@code null} for plain journals
   * @param replay receives every entry
   * @return the open journal
   * @throws IOException if a file cannot be read or written, or {@code replay} fails
   * @throws IllegalStateException if the journals are sealed and no or the wrong key was given,
   *     or plain and a key was given
   */
  public static ShardedJournal open(Path file, @Nullable Sealer sealer, Replay replay)
      throws IOException {
    if (!file.getFileName().toString().endsWith(SUFFIX)) {
      throw new IllegalArgumentException("A journal file name ends in " + SUFFIX + ": " + file.getFileName());
    }
    ShardedJournal journal = new ShardedJournal(file.toAbsolutePath(), sealer);
    try {
      journal.deleteTemporaryFiles();
      if (Files.exists(journal.legacyFile)) {
        List<byte[]> entries = new ArrayList<>();
        Journal.open(journal.legacyFile, entries, sealer).close();
        journal.legacy = true;
        for (byte[] entry : entries) {
          replay.accept(LEGACY, entry);
        }
      }
      for (int shard = 0; shard < SHARDS; shard++) {
        Path shardFile = shardFile(journal.legacyFile, shard);
        if (Files.exists(shardFile)) {
          List<byte[]> entries = new ArrayList<>();
          journal.journals[shard] = Journal.open(shardFile, entries, sealer);
          for (byte[] entry : entries) {
            replay.accept(shard, entry);
          }
        }
      }
      return journal;
    } catch (IOException | RuntimeException e) {
      journal.close();
      throw e;
    }
  }

  /**
   * Returns the shard that holds a user's entries: the low bits of the CRC-32C of the user id,
   * stable across versions and platforms.
   *
   * @param user the user
   * @return 0 to {@value #SHARDS} - 1
   */
  public static int shardOf(UserId user) {
    CRC32C crc = new CRC32C();
    crc.update(user.value().getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() & (SHARDS - 1));
  }

  /**
   * Returns the file of one shard.
   *
   * @param file the journal's name, as given to {@link #open}
   * @param shard the shard
   * @return {@code <directory>/<name>-<shard as two hex digits>.journal}
   */
  public static Path shardFile(Path file, int shard) {
    String name = file.getFileName().toString();
    String base = name.substring(0, name.length() - SUFFIX.length());
    return file.resolveSibling(String.format(Locale.ROOT, "%s-%02x%s", base, shard, SUFFIX));
  }

  /**
   * Appends an entry to a shard and forces it to disk, creating the shard's file if needed.
   *
   * @param shard the shard
   * @param entry the entry
   * @throws IOException if the write fails
   */
  public void append(int shard, byte[] entry) throws IOException {
    journal(shard).append(entry);
  }

  /**
   * Replaces a shard with exactly these entries, atomically; an empty shard's file is deleted.
   * Once this returns, no file of the journal holds the entries it dropped.
   *
   * @param shard the shard
   * @param entries the entries to keep, in order
   * @throws IOException if the rewrite fails; the shard is then unchanged
   */
  public void rewrite(int shard, List<byte[]> entries) throws IOException {
    if (entries.isEmpty()) {
      Journal open = journals[shard];
      if (open != null) {
        open.close();
        journals[shard] = null;
      }
      if (Files.deleteIfExists(shardFile(legacyFile, shard))) {
        AtomicFiles.forceDirectory(legacyFile.getParent());
      }
      return;
    }
    journal(shard).rewrite(entries);
  }

  /**
   * Makes the files hold what the owner replayed: rewrites the shards that gain entries (from the
   * file of earlier versions, or from a shard they do not belong in), then the other shards that
   * hold dead entries, then deletes the file of earlier versions. A crash part-way leaves every
   * live entry in at least one file; opening again repeats the work.
   *
   * @param gaining the shards that must take in entries they do not hold
   * @param dirty the shards holding entries that must go (deleted, duplicated or misplaced)
   * @param content the entries each shard should hold
   * @throws IOException if a rewrite fails
   */
  public void repair(BitSet gaining, BitSet dirty, Content content) throws IOException {
    for (int shard = gaining.nextSetBit(0); shard >= 0; shard = gaining.nextSetBit(shard + 1)) {
      rewrite(shard, content.entries(shard));
    }
    for (int shard = dirty.nextSetBit(0); shard >= 0; shard = dirty.nextSetBit(shard + 1)) {
      if (!gaining.get(shard)) {
        rewrite(shard, content.entries(shard));
      }
    }
    if (legacy) {
      Files.deleteIfExists(legacyFile);
      AtomicFiles.forceDirectory(legacyFile.getParent());
      legacy = false;
    }
  }

  private Journal journal(int shard) throws IOException {
    Journal journal = journals[shard];
    if (journal == null) {
      journal = Journal.open(shardFile(legacyFile, shard), new ArrayList<>(), sealer);
      journals[shard] = journal;
    }
    return journal;
  }

  private void deleteTemporaryFiles() throws IOException {
    Files.deleteIfExists(Journal.temporaryFile(legacyFile));
    for (int shard = 0; shard < SHARDS; shard++) {
      Files.deleteIfExists(Journal.temporaryFile(shardFile(legacyFile, shard)));
    }
  }

  /** Closes the files. Idempotent. */
  @Override
  public void close() throws IOException {
    IOException failure = null;
    for (int shard = 0; shard < SHARDS; shard++) {
      Journal journal = journals[shard];
      if (journal != null) {
        try {
          journal.close();
        } catch (IOException e) {
          failure = failure == null ? e : failure;
        }
        journals[shard] = null;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
