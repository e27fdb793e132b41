package io.github.idvkit.local.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash-safe, owner-only file writes: write a temporary file, force it, rename it into place,
 * force the directory. Every file and directory idv-local creates is readable by its owner only
 * ({@code 0600} / {@code 0700}) where the file system has POSIX permissions.
 */
public final class AtomicFiles {

  private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);
  private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  private static final String TEMPORARY = ".tmp";

  private AtomicFiles() {}

  /**
   * Writes {@code bytes} to {@code target} so that readers, even after a crash, see either the old
   * content or the new one, never a mix. The file, and any directory created for it, is readable
   * by its owner only where the file system has POSIX permissions. A crash can leave a temporary
   * file next to the target; {@link #deleteTemporaryFiles} removes it.
   *
   * @param target the file
   * @param bytes the content
   * @throws IOException if the write fails
   */
  public static void write(Path target, byte[] bytes) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    createDirectories(dir);
    Path tmp =
        dir.resolve(
            "." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + TEMPORARY);
    try {
      try (FileChannel out = openOwnerOnly(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        out.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      forceDirectory(dir);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Deletes the temporary files a crash in {@link #write} left next to {@code target}.
   *
   * @param target the file
   * @return how many were deleted
   * @throws IOException if the directory cannot be read or a file cannot be deleted
   */
  public static int deleteTemporaryFiles(Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    String prefix = "." + target.getFileName() + ".";
    int deleted = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (name.startsWith(prefix) && name.endsWith(TEMPORARY) && Files.deleteIfExists(f)) {
          deleted++;
        }
      }
    } catch (NoSuchFileException e) {
      return 0;
    }
    return deleted;
  }

  /**
   * Opens a file channel; a file it creates is readable by its owner only where the file system
   * has POSIX permissions.
   *
   * @param file the file
   * @param options the open options
   * @return the channel
   * @throws IOException if the file cannot be opened
   */
  public static FileChannel openOwnerOnly(Path file, OpenOption... options) throws IOException {
    if (isPosix(file)) {
      return FileChannel.open(file, Set.of(options), PosixFilePermissions.asFileAttribute(OWNER_FILE));
    }
    return FileChannel.open(file, options);
  }

  /**
   * Creates a directory and its missing parents; those it creates are readable by their owner
   * only where the file system has POSIX permissions. Existing directories are left as they are.
   *
   * @param dir the directory
   * @throws IOException if it cannot be created
   */
  public static void createDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (isPosix(dir)) {
      FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY);
      Files.createDirectories(dir, ownerOnly);
    } else {
      Files.createDirectories(dir);
    }
  }

  /**
   * Makes an existing file or directory readable by its owner only ({@code 0600} / {@code 0700})
   * where the file system has POSIX permissions; for data written by earlier versions. Missing
   * paths, symbolic links and file systems without POSIX permissions are left alone, and so is a
   * path whose mode cannot be changed (another owner, a file system that refuses): that is logged
   * as a warning, not thrown, since the data stays usable.
   *
   * @param path the file or directory
   * @return {@code true} if the path is owner-only now, or permissions do not apply
   */
  public static boolean restrict(Path path) {
    if (!isPosix(path) || !Files.exists(path, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(path)) {
      return true;
    }
    try {
      Set<PosixFilePermission> current = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
      Set<PosixFilePermission> wanted;
      if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
        wanted = OWNER_DIRECTORY; // the owner must still be able to list and enter it
      } else {
        wanted = java.util.EnumSet.noneOf(PosixFilePermission.class);
        wanted.addAll(current);
        wanted.retainAll(OWNER_FILE); // never grants what the owner did not have
      }
      if (!current.equals(wanted)) {
        Files.setPosixFilePermissions(path, wanted);
      }
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      LOG.warn("Cannot make a data file owner-only [file={}, error={}]", path.getFileName(), e.toString());
      return false;
    }
  }

  /**
   * Says whether the file system of {@code path} has POSIX permissions.
   *
   * @param path any path
   * @return {@code true} on POSIX file systems
   */
  public static boolean isPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /**
   * Forces a directory's entries (a rename, a new file) to disk, where the platform allows it.
   *
   * @param dir the directory
   */
  public static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some platforms (Windows) cannot open directories; the rename itself is still atomic there.
    }
  }

  /**
   * Deletes a directory tree. Missing paths are ignored.
   *
   * @param root the tree
   * @return {@code true} if it existed
   * @throws IOException if a deletion fails
   */
  public static boolean deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return false;
    }
    try (var paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
    return true;
  }
}
