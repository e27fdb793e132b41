package io.github.idvkit.local;

import io.github.idvkit.FaceId;
import io.github.idvkit.FaceImage;
import io.github.idvkit.InvalidImageException;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.local.internal.AtomicFiles;
import io.github.idvkit.local.internal.LocalFailures;
import io.github.idvkit.local.internal.Sealer;
import io.github.idvkit.spi.ImageKeys;
import io.github.idvkit.spi.ImageStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link ImageStore} on the local file system: each image is one file at {@link
 * ImageKeys#key} below the store's directory, referenced as a {@code file://} URI.
 *
 * <pre>{@code
 * FileSystemImageStore store = FileSystemImageStore.builder()
 *     .directory(Path.of("/var/lib/idv/images"))
 *     .encryptionKey(key)            // optional AES key: images are encrypted at rest
 *     .build();
 * StoredImage ref = store.put(user, faceId, selfie);
 * }</pre>
 *
 * <p>Writes are atomic (temporary file, forced to disk, renamed into place), files and directories
 * are readable by their owner only on POSIX file systems, and keys never hold the raw user id.
 * Deleting an image also deletes any temporary copy a crash left beside it, and the user's
 * directory once it is empty. With an {@link
 * Builder#encryptionKey encryption key} every file is sealed with AES-GCM (a random 96-bit nonce per
 * write, authenticated); without one the files are plain JPEGs and encryption at rest is left to the
 * disk. References outside the store's directory are never read or deleted: they are refused with
 * {@link io.github.idvkit.ConfigurationException}. Files inside it whose paths are not in idv's
 * layout ({@link ImageKeys#isIdvKey}), such as another program's files in a shared folder, are
 * foreign: never listed, read ({@link #get} reports them absent) or deleted ({@link #delete}
 * returns {@code false}).
 *
 * <p>Thread-safe; holds no open files between calls.
 */
public final class FileSystemImageStore implements ImageStore {

  private static final Logger LOG = LoggerFactory.getLogger(FileSystemImageStore.class);
  private static final byte[] SEALED_MAGIC = {'I', 'D', 'V', 'E', 'N', 'C', '1', 0};

  private final Path root;
  private final @Nullable Sealer sealer;

  private FileSystemImageStore(Path root, @Nullable SecretKey key) {
    this.root = root;
    this.sealer = key == null ? null : new Sealer(key);
    AtomicFiles.restrict(root.resolve("faces")); // owner-only, also when an earlier version made it
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
   * Returns the directory the images are kept in.
   *
   * @return the absolute directory
   */
  public Path directory() {
    return root;
  }

  /**
   * Stores an image, replacing any image under the same user and face.
   *
   * @param user the owner
   * @param faceId the face the image shows
   * @param image the normalised image
   * @return the {@code file://} reference
   * @throws io.github.idvkit.ConfigurationException if the directory cannot be written
   * @throws io.github.idvkit.ProviderException if the write fails
   */
  @Override
  public StoredImage put(UserId user, FaceId faceId, FaceImage image) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(faceId, "faceId");
    Objects.requireNonNull(image, "image");
    Path file = root.resolve(ImageKeys.key(user, faceId));
    try {
      AtomicFiles.write(file, seal(image.bytes()));
    } catch (java.nio.file.AccessDeniedException e) {
      throw LocalFailures.misconfigured("Cannot write images under " + root + ": access denied", e);
    } catch (IOException e) {
      throw LocalFailures.failed("PutImage", e);
    }
    LOG.debug("Stored image [provider=local, faceId={}, bytes={}]", faceId, image.size());
    return new StoredImage(file.toUri());
  }

  /**
   * Reads a stored image.
   *
   * @param image a reference returned by {@link #put}
   * @return the image, or empty if it does not exist
   * @throws io.github.idvkit.ConfigurationException if the reference does not belong to this store,
   *     or the image cannot be decrypted (wrong key)
   * @throws io.github.idvkit.ProviderException if the read fails
   */
  @Override
  public Optional<FaceImage> get(StoredImage image) {
    Objects.requireNonNull(image, "image");
    Path file = fileOf(image);
    if (!isIdvFile(file)) {
      return Optional.empty(); // not idv's: never read
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw LocalFailures.failed("GetImage", e);
    }
    try {
      return Optional.of(FaceImage.fromBytes(unseal(bytes)));
    } catch (InvalidImageException e) {
      throw LocalFailures.failed("GetImage", e);
    }
  }

  /**
   * Deletes a stored image.
   *
   * @param image the reference
   * @return {@code true} if it existed; {@code false} also for a file of the directory that idv did
   *     not write, which is left alone
   * @throws io.github.idvkit.ConfigurationException if the reference does not belong to this store
   * @throws io.github.idvkit.ProviderException if the deletion fails
   */
  @Override
  public boolean delete(StoredImage image) {
    Objects.requireNonNull(image, "image");
    Path file = fileOf(image);
    if (!isIdvFile(file)) {
      LOG.debug("Left a file idv did not write [provider=local]");
      return false;
    }
    try {
      boolean existed = Files.deleteIfExists(file);
      AtomicFiles.deleteTemporaryFiles(file); // a copy a crash mid-put left behind
      Path dir = file.getParent();
      try (DirectoryStream<Path> rest = Files.newDirectoryStream(dir)) {
        if (!rest.iterator().hasNext()) {
          Files.deleteIfExists(dir);
        }
      } catch (NoSuchFileException | java.nio.file.DirectoryNotEmptyException e) {
        // gone already, or a concurrent put: nothing to tidy
      }
      LOG.debug("Deleted image [provider=local, existed={}]", existed);
      return existed;
    } catch (IOException e) {
      throw LocalFailures.failed("DeleteImage", e);
    }
  }

  /**
   * Lists a user's stored images.
   *
   * @param user the owner
   * @return the references, empty if none
   * @throws io.github.idvkit.ProviderException if the directory cannot be read
   */
  @Override
  public List<StoredImage> list(UserId user) {
    Objects.requireNonNull(user, "user");
    Path dir = root.resolve(ImageKeys.userPrefix(user));
    List<StoredImage> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.jpg")) {
      for (Path f : files) {
        if (isIdvFile(f)) {
          out.add(new StoredImage(f.toUri()));
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw LocalFailures.failed("ListImages", e);
    }
    out.sort(java.util.Comparator.comparing(StoredImage::toString));
    return out;
  }

  /**
   * Lists every stored image, of every user: the files in idv's layout one directory below {@code
   * faces/}. Reads one user directory at a time as the stream is read; close the stream when done.
   *
   * @return the references, each once
   * @throws io.github.idvkit.ProviderException if the disk fails
   */
  @Override
  public Stream<StoredImage> listAll() {
    DirectoryStream<Path> users;
    try {
      users = Files.newDirectoryStream(root.resolve("faces"), Files::isDirectory);
    } catch (NoSuchFileException e) {
      return Stream.empty();
    } catch (IOException e) {
      throw LocalFailures.failed("ListImages", e);
    }
    Iterator<Path> userDirs = users.iterator();
    Iterator<StoredImage> images =
        new Iterator<>() {
          private Iterator<StoredImage> current = List.<StoredImage>of().iterator();

          @Override
          public boolean hasNext() {
            try {
              while (!current.hasNext() && userDirs.hasNext()) {
                current = imagesIn(userDirs.next()).iterator();
              }
            } catch (DirectoryIteratorException e) {
              throw LocalFailures.failed("ListImages", e.getCause());
            }
            return current.hasNext();
          }

          @Override
          public StoredImage next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            return current.next();
          }
        };
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(images, Spliterator.ORDERED | Spliterator.NONNULL), false)
        .onClose(() -> {
          try {
            users.close();
          } catch (IOException e) {
            LOG.warn("Closing an image directory listing failed [error={}]", e.getMessage());
          }
        });
  }

  /** The images in one user directory, idv's files only; empty if it vanished meanwhile. */
  private List<StoredImage> imagesIn(Path dir) {
    List<StoredImage> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.jpg")) {
      for (Path f : files) {
        if (isIdvFile(f)) {
          out.add(new StoredImage(f.toUri()));
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw LocalFailures.failed("ListImages", e);
    }
    return out;
  }

  /** Tells whether a file below the directory is in idv's layout, {@code faces/<hash>/<face>.jpg}. */
  private boolean isIdvFile(Path file) {
    Path relative = root.relativize(file);
    StringBuilder key = new StringBuilder();
    for (Path part : relative) {
      if (key.length() > 0) {
        key.append('/');
      }
      key.append(part);
    }
    return ImageKeys.isIdvKey(key.toString());
  }

  /**
   * Returns the file of a reference inside this store's directory (idv's or not: see {@link
   * #isIdvFile}), or throws for any other reference.
   */
  private Path fileOf(StoredImage image) {
    if ("file".equalsIgnoreCase(image.scheme())) {
      try {
        Path file = Path.of(image.uri()).toAbsolutePath().normalize();
        if (file.startsWith(root) && !file.equals(root)) {
          return file;
        }
      } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
        // not a usable file URI: foreign, below
      }
    }
    throw LocalFailures.misconfigured(
        "The image reference does not belong to this store (" + image.scheme() + " reference"
            + " outside " + root + "); use the store that wrote it",
        null);
  }

  private byte[] seal(byte[] plain) {
    if (sealer == null) {
      return plain;
    }
    byte[] sealed = sealer.seal(plain, SEALED_MAGIC);
    return ByteBuffer.allocate(SEALED_MAGIC.length + sealed.length).put(SEALED_MAGIC).put(sealed).array();
  }

  private byte[] unseal(byte[] stored) {
    boolean sealed =
        stored.length > SEALED_MAGIC.length + Sealer.overhead()
            && Arrays.equals(Arrays.copyOf(stored, SEALED_MAGIC.length), SEALED_MAGIC);
    if (!sealed) {
      if (sealer != null) {
        throw LocalFailures.misconfigured(
            "A stored image is not encrypted although this store has an encryption key;"
                + " it was written without one", null);
      }
      return stored;
    }
    if (sealer == null) {
      throw LocalFailures.misconfigured(
          "The stored images are encrypted; build the FileSystemImageStore with their"
              + " encryptionKey(...)", null);
    }
    try {
      return sealer.open(stored, SEALED_MAGIC.length, SEALED_MAGIC);
    } catch (GeneralSecurityException e) {
      throw LocalFailures.misconfigured(
          "A stored image cannot be decrypted: wrong encryption key, or the file was altered", e);
    }
  }

  @Override
  public String toString() {
    return "FileSystemImageStore[directory=" + root + ", encrypted=" + (sealer != null) + "]";
  }

  /** Builds a {@link FileSystemImageStore}. Not thread-safe. */
  public static final class Builder {
    private @Nullable Path directory;
    private @Nullable SecretKey key;

    private Builder() {}

    /**
     * Sets the directory to keep images in. Required; created on the first write.
     *
     * @param directory the directory
     * @return this builder
     */
    public Builder directory(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
      return this;
    }

    /**
     * Encrypts every image at rest with AES-GCM under this key; none by default. The same key must
     * be given to read the images again.
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
     * Builds the store.
     *
     * @return the store
     * @throws IllegalStateException if no directory was set
     */
    public FileSystemImageStore build() {
      if (directory == null) {
        throw new IllegalStateException("FileSystemImageStore.builder() needs directory(...)");
      }
      return new FileSystemImageStore(directory, key);
    }
  }
}
