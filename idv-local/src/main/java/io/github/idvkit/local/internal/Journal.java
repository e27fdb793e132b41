package io.github.idvkit.local.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * An append-only file of entries, crash-safe: every entry carries its length and a CRC-32C and is
 * forced to disk before {@link #append} returns; on open, a torn or corrupt tail (a crash in the
 * middle of a write) is cut off, so the file always holds a prefix of complete entries.
 *
 * <p>{@link #rewrite} replaces the whole file atomically (write a temporary file, force it, rename
 * it over the old one, force the directory), which compacts away deleted entries.
 *
 * <p>With a {@link Sealer}, every entry is sealed with AES-GCM before it is framed (the checksum
 * covers the sealed bytes, so a torn tail is still told from a wrong key): descriptors, user ids and
 * records are then encrypted at rest. The header records whether a journal is sealed; opening it
 * the other way fails rather than mixing plain and sealed entries.
 *
 * <p>Not thread-safe: the owner serialises calls.
 */
public final class Journal implements AutoCloseable {

  private static final int MAGIC = 0x69647631; // "idv1"
  private static final int HEADER = 8; // magic + format version
  private static final int PLAIN = 1;
  private static final int SEALED = 2;
  private static final int MAX_ENTRY = 16 * 1024 * 1024;
  private static final byte[] ASSOCIATED = "idv-local journal entry".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final Path file;
  private final @Nullable Sealer sealer;
  private FileChannel channel;
  private long liveBytes;

  private Journal(Path file, FileChannel channel, @Nullable Sealer sealer) {
    this.file = file;
    this.channel = channel;
    this.sealer = sealer;
  }

  /**
   * Opens (creating if needed) a plain journal and reads its entries.
   *
   * @param file the journal file
   * @param entries receives every complete entry, in order
   * @return the open journal
   * @throws IOException if the file cannot be read or written
   */
  public static Journal open(Path file, List<byte[]> entries) throws IOException {
    return open(file, entries, null);
  }

  /**
   * Opens (creating if needed) a journal and reads its entries.
   *
   * @param file the journal file
   * @param entries receives every complete entry, in order, opened if sealed
   * @param sealer seals entries, or {@code null} for a plain journal
   * @return the open journal
   * @throws IOException if the file cannot be read or written
   * @throws IllegalStateException if the journal is sealed and no or the wrong key was given, or
   *     plain and a key was given
   */
  public static Journal open(
      Path file, List<byte[]> entries, @Nullable Sealer sealer)
      throws IOException {
    int mode = sealer == null ? PLAIN : SEALED;
    AtomicFiles.createDirectories(file.toAbsolutePath().getParent());
    FileChannel channel =
        AtomicFiles.openOwnerOnly(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      AtomicFiles.restrict(file); // a journal written by an earlier version may be 0644
      long size = channel.size();
      if (size < HEADER) {
        channel.truncate(0);
        ByteBuffer header = ByteBuffer.allocate(HEADER).putInt(MAGIC).putInt(mode).flip();
        writeFully(channel, header, 0);
        channel.force(true);
        AtomicFiles.forceDirectory(file.toAbsolutePath().getParent());
      } else {
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        readFully(channel, header, 0);
        header.flip();
        int magic = header.getInt();
        int stored = header.getInt();
        if (magic != MAGIC || (stored != PLAIN && stored != SEALED)) {
          throw new CorruptDataException("Not an idv journal: " + file.toAbsolutePath());
        }
        if (stored != mode) {
          throw new IllegalStateException(
              stored == SEALED
                  ? "The data in " + file.getParent() + " is encrypted; configure its encryption key"
                  : "The data in " + file.getParent() + " was written without encryption; open it"
                      + " without an encryption key (or start a new directory)");
        }
      }
      List<byte[]> raw = new ArrayList<>();
      long end = readEntries(channel, raw);
      for (byte[] entry : raw) {
        entries.add(sealer == null ? entry : unseal(sealer, entry, file));
      }
      if (end < channel.size()) {
        channel.truncate(end); // drop a torn tail left by a crash
        channel.force(true);
      }
      channel.position(end);
      Journal journal = new Journal(file, channel, sealer);
      journal.liveBytes = end;
      return journal;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static long readEntries(FileChannel channel, List<byte[]> entries) throws IOException {
    long position = HEADER;
    long size = channel.size();
    channel.position(HEADER);
    // Not closed: closing the stream would close the channel, which the journal keeps.
    DataInputStream in =
        new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 1 << 16));
    CRC32C crc = new CRC32C();
    while (position + 8 <= size) {
      int length = in.readInt();
      int checksum = in.readInt();
      if (length < 0 || length > MAX_ENTRY || position + 8 + length > size) {
        break;
      }
      byte[] body = new byte[length];
      in.readFully(body);
      crc.reset();
      crc.update(body, 0, length);
      if ((int) crc.getValue() != checksum) {
        break;
      }
      entries.add(body);
      position += 8 + length;
    }
    return position;
  }

  private static byte[] unseal(Sealer sealer, byte[] entry, Path file) {
    try {
      return sealer.open(entry, 0, ASSOCIATED);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(
          "The data in " + file.getParent() + " cannot be decrypted: wrong encryption key, or the"
              + " file was altered", e);
    }
  }

  private byte[] sealed(byte[] entry) {
    return sealer == null ? entry : sealer.seal(entry, ASSOCIATED);
  }

  /**
   * Appends one entry and forces it to disk.
   *
   * @param entry the entry bytes
   * @throws IOException if the write fails
   */
  public void append(byte[] entry) throws IOException {
    ByteBuffer buffer = frame(List.of(sealed(entry)));
    long position = channel.size();
    writeFully(channel, buffer, position);
    channel.force(false);
    liveBytes = position + buffer.capacity();
  }

  /**
   * Replaces the journal with exactly these entries, atomically: writes {@link #temporaryFile},
   * forces it, renames it over the journal and forces the directory, so after a crash the journal
   * is either the old file or the new one, and once this returns the old content is no longer in
   * any file. The temporary file never outlives the call (a crash can leave it; owners delete it
   * on open).
   *
   * @param entries the entries to keep
   * @throws IOException if the rewrite fails; the old journal is then intact
   */
  public void rewrite(List<byte[]> entries) throws IOException {
    Path tmp = temporaryFile(file);
    try {
      Files.deleteIfExists(tmp);
      try (FileChannel out =
          AtomicFiles.openOwnerOnly(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer header =
            ByteBuffer.allocate(HEADER).putInt(MAGIC).putInt(sealer == null ? PLAIN : SEALED).flip();
        writeFully(out, header, 0);
        List<byte[]> framed = new ArrayList<>(entries.size());
        for (byte[] e : entries) {
          framed.add(sealed(e));
        }
        writeFully(out, frame(framed), HEADER);
        out.force(true);
      }
      channel.close(); // some platforms cannot replace an open file
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        // the new journal, or the old one if the rename failed
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        liveBytes = channel.size();
        channel.position(liveBytes);
      }
      AtomicFiles.forceDirectory(file.toAbsolutePath().getParent());
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Returns the temporary file {@link #rewrite} writes next to {@code file}.
   *
   * @param file a journal file
   * @return its temporary sibling
   */
  public static Path temporaryFile(Path file) {
    return file.resolveSibling(file.getFileName() + ".tmp");
  }

  /**
   * Returns the journal's size in bytes.
   *
   * @return bytes
   */
  public long size() {
    return liveBytes;
  }

  private static ByteBuffer frame(List<byte[]> entries) {
    int total = 0;
    for (byte[] e : entries) {
      total += 8 + e.length;
    }
    ByteBuffer buffer = ByteBuffer.allocate(total);
    CRC32C crc = new CRC32C();
    for (byte[] e : entries) {
      if (e.length > MAX_ENTRY) {
        throw new IllegalArgumentException("Journal entry too large: " + e.length + " bytes");
      }
      crc.reset();
      crc.update(e, 0, e.length);
      buffer.putInt(e.length).putInt((int) crc.getValue()).put(e);
    }
    return buffer.flip();
  }

  private static void writeFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    long p = position;
    while (buffer.hasRemaining()) {
      p += channel.write(buffer, p);
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    long p = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, p);
      if (n < 0) {
        throw new CorruptDataException("Unexpected end of journal");
      }
      p += n;
    }
  }

  /** Closes the file. Idempotent. */
  @Override
  public void close() throws IOException {
    channel.close();
  }

  /**
   * Returns a fresh entry writer.
   *
   * @return a data output over a byte buffer
   */
  public static EntryWriter writer() {
    return new EntryWriter();
  }

  /** Builds one entry's bytes. */
  public static final class EntryWriter extends DataOutputStream {
    EntryWriter() {
      super(new ByteArrayOutputStream(256));
    }

    /**
     * Returns the bytes written so far.
     *
     * @return the entry
     */
    public byte[] bytes() {
      return ((ByteArrayOutputStream) out).toByteArray();
    }
  }

}
