package io.github.idvkit.local;

import io.github.idvkit.ProviderException;
import io.github.idvkit.local.internal.AtomicFiles;
import io.github.idvkit.spi.AttemptLimiter;
import io.github.idvkit.spi.AttemptRecord;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An {@link AttemptLimiter} in a directory: one small file per key ({@code <key>.attempts}, the
 * count, the latest failure and the expiry, readable by the owner only). Every read and update
 * holds an exclusive file lock on the directory's {@code .attempts.lock}, so several limiters on
 * one directory, in this process or in others on the same machine, count together. Expired files
 * are ignored and replaced by the next failure. Keys are digests: files hold no raw user id.
 *
 * <pre>{@code
 * FileSystemAttemptLimiter attempts = FileSystemAttemptLimiter.create(dataDirectory.resolve("attempts"));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class FileSystemAttemptLimiter implements AttemptLimiter {

  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

  private final Path directory;
  private final ReentrantLock inProcess;

  private FileSystemAttemptLimiter(Path directory) {
    this.directory = directory;
    this.inProcess = IN_PROCESS.computeIfAbsent(directory, d -> new ReentrantLock());
  }

  /**
   * Returns a limiter on a directory, creating it if needed.
   *
   * @param directory the directory
   * @return the limiter
   * @throws io.github.idvkit.ConfigurationException if the directory cannot be created
   */
  public static FileSystemAttemptLimiter create(Path directory) {
    Path absolute = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
    try {
      AtomicFiles.createDirectories(absolute);
      AtomicFiles.restrict(absolute); // made 0755 by an earlier version, or by hand
      try (java.util.stream.Stream<Path> files = Files.list(absolute)) {
        files.forEach(AtomicFiles::restrict);
      }
    } catch (IOException e) {
      throw new io.github.idvkit.ConfigurationException(
          "Cannot create the attempts directory " + absolute + ": " + e.getMessage(), e);
    }
    return new FileSystemAttemptLimiter(absolute);
  }

  @Override
  public Optional<AttemptRecord> find(String key, Instant now) {
    AttemptLimiter.requireKey(key);
    Objects.requireNonNull(now, "now");
    return locked("find", () -> read(key).filter(stored -> !now.isAfter(stored.expiresAt)).map(stored -> stored.record));
  }

  @Override
  public AttemptRecord recordFailure(String key, Instant at, Instant expiresAt) {
    AttemptLimiter.requireKey(key);
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(expiresAt, "expiresAt");
    return locked("recordFailure", () -> {
      int previous = read(key).filter(stored -> !at.isAfter(stored.expiresAt))
          .map(stored -> stored.record.consecutiveFailures()).orElse(0);
      AttemptRecord record = AttemptRecord.builder().key(key).consecutiveFailures(previous + 1)
          .lastFailureAt(Instant.ofEpochMilli(at.toEpochMilli())).build();
      String line = record.consecutiveFailures() + " " + at.toEpochMilli() + " " + expiresAt.toEpochMilli() + "\n";
      AtomicFiles.write(file(key), line.getBytes(StandardCharsets.US_ASCII));
      return record;
    });
  }

  @Override
  public void reset(String key) {
    AttemptLimiter.requireKey(key);
    locked("reset", () -> Files.deleteIfExists(file(key)));
  }

  private record Stored(AttemptRecord record, Instant expiresAt) {}

  private Optional<Stored> read(String key) throws IOException {
    String text;
    try {
      text = Files.readString(file(key), StandardCharsets.US_ASCII).trim();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    String[] parts = text.split(" ");
    if (parts.length != 3) {
      return Optional.empty(); // unreadable: counts as none, replaced by the next failure
    }
    AttemptRecord record = AttemptRecord.builder().key(key).consecutiveFailures(Integer.parseInt(parts[0]))
        .lastFailureAt(Instant.ofEpochMilli(Long.parseLong(parts[1]))).build();
    return Optional.of(new Stored(record, Instant.ofEpochMilli(Long.parseLong(parts[2]))));
  }

  private Path file(String key) {
    return directory.resolve(key.replace(':', '.') + ".attempts");
  }

  @FunctionalInterface
  private interface Io<T> {
    T run() throws IOException;
  }

  private <T> T locked(String operation, Io<T> action) {
    inProcess.lock();
    try (FileChannel channel = AtomicFiles.openOwnerOnly(
            directory.resolve(".attempts.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = channel.lock()) {
      return action.run();
    } catch (IOException e) {
      throw new ProviderException(ProviderException.Kind.UNAVAILABLE, "local", operation, null,
          "the attempts directory failed: " + e.getMessage(), e);
    } finally {
      inProcess.unlock();
    }
  }

  @Override
  public String toString() {
    return "FileSystemAttemptLimiter[" + directory.getFileName() + "]";
  }
}
