package io.github.idvkit.local.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a data directory ({@code .lock} inside it), held while a journal is open,
 * so two processes, or two stores in one process, never append to the same journal.
 */
public final class DirectoryLock implements AutoCloseable {

  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock, creating the directory if needed.
   *
   * @param directory the directory
   * @return the held lock
   * @throws IOException if the lock file cannot be opened
   * @throws IllegalStateException if another process or store holds the lock
   */
  public static DirectoryLock acquire(Path directory) throws IOException {
    AtomicFiles.createDirectories(directory);
    Path file = directory.resolve(".lock");
    FileChannel channel = AtomicFiles.openOwnerOnly(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      throw new IllegalStateException(
          "The directory " + directory + " is in use by another idv-local store (in this or another"
              + " process); close it first, or give each store its own directory");
    }
    AtomicFiles.restrict(file); // made 0644 by an earlier version
    return new DirectoryLock(channel, lock);
  }

  /** Releases the lock. Idempotent. */
  @Override
  public void close() throws IOException {
    if (channel.isOpen()) {
      lock.release();
      channel.close();
    }
  }
}
