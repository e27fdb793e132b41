package io.github.idvkit.testkit;

import io.github.idvkit.ConfigurationException;
import io.github.idvkit.FaceId;
import io.github.idvkit.FaceImage;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.ImageKeys;
import io.github.idvkit.spi.ImageStore;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link ImageStore} in memory. References are {@code memory://<name>/<prefix><key>} with keys
 * from {@link ImageKeys}, for example {@code memory://images/faces/3f2a.../<faceId>.jpg}.
 *
 * <pre>{@code
 * InMemoryImageStore store = InMemoryImageStore.create();
 * StoredImage ref = store.put(UserId.of("alice"), faceId, selfie);
 * FaceImage back = store.get(ref).orElseThrow();
 * }</pre>
 *
 * <p>A reference of another scheme or store is refused with a {@link ConfigurationException}, as a
 * store without access to it would. Nothing is encrypted: the bytes never leave the JVM.
 *
 * <p>Thread-safe. Operations for {@link Faults}: {@code "put"}, {@code "get"}, {@code "delete"},
 * {@code "list"}; {@code get} and {@code list} are reads for {@link Faults#lag(int)}, {@code put}
 * and {@code delete} writes.
 */
public final class InMemoryImageStore implements ImageStore, ScriptableFake {

  /** The store name of {@link #create()}. */
  public static final String DEFAULT_NAME = "images";

  private static final Logger LOG = LoggerFactory.getLogger(InMemoryImageStore.class);

  private record Entry(StoredImage reference, FaceImage image) {}

  private final PortScript script =
      new PortScript(
          FakeFaceDetector.PROVIDER, "InMemoryImageStore", Set.of("put", "get", "delete", "list"));
  private final String name;
  private final String prefix;
  private final LaggingMap<String, Entry> images = new LaggingMap<>();

  private InMemoryImageStore(String name, String prefix) {
    this.name = name;
    this.prefix = prefix;
  }

  /**
   * Returns an empty store named {@value #DEFAULT_NAME}, without a prefix.
   *
   * @return the store
   */
  public static InMemoryImageStore create() {
    return new InMemoryImageStore(DEFAULT_NAME, "");
  }

  /**
   * Returns an empty store.
   *
   * @param name the store's name, the reference's authority: lower-case letters, digits, dots and
   *     dashes
   * @param prefix the key prefix, empty or ending in {@code '/'}: letters, digits, {@code _.-/}
   * @return the store
   * @throws IllegalArgumentException if the name or prefix has another shape
   */
  public static InMemoryImageStore create(String name, String prefix) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(prefix, "prefix");
    if (!name.matches("[a-z0-9][a-z0-9.\\-]*")) {
      throw new IllegalArgumentException("A store name is lower-case letters, digits, '.' and '-'");
    }
    if (!prefix.isEmpty()
        && (!prefix.matches("[A-Za-z0-9_.\\-/]+/") || prefix.startsWith("/") || prefix.contains(".."))) {
      throw new IllegalArgumentException(
          "A prefix is empty or ends in '/', holds only [A-Za-z0-9_.-/] and no '..'");
    }
    return new InMemoryImageStore(name, prefix);
  }

  @Override
  public StoredImage put(UserId user, FaceId faceId, FaceImage image) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(faceId, "faceId");
    Objects.requireNonNull(image, "image");
    return script.write("put", List.of(user, faceId, image), visibleFrom -> {
      String key = prefix + ImageKeys.key(user, faceId);
      StoredImage reference = new StoredImage(URI.create("memory://" + name + "/" + key));
      images.put(key, new Entry(reference, image), visibleFrom);
      LOG.debug("Stored image [faceId={}, bytes={}]", faceId, image.size());
      return reference;
    });
  }

  @Override
  public Optional<FaceImage> get(StoredImage image) {
    Objects.requireNonNull(image, "image");
    return script.read(
        "get", List.of(image), read -> images.visible(keyOf(image), read).map(Entry::image));
  }

  @Override
  public boolean delete(StoredImage image) {
    Objects.requireNonNull(image, "image");
    return script.write("delete", List.of(image), visibleFrom -> {
      String key = keyOf(image);
      if (!ImageKeys.isIdvKey(key.substring(prefix.length()))) {
        LOG.debug("Left alone an object that idv did not write");
        return false;
      }
      boolean existed = images.remove(key, visibleFrom);
      LOG.debug("Deleted image [existed={}]", existed);
      return existed;
    });
  }

  @Override
  public List<StoredImage> list(UserId user) {
    Objects.requireNonNull(user, "user");
    String userPrefix = prefix + ImageKeys.userPrefix(user);
    return script.read("list", List.of(user), read -> images.visibleValues(read).stream()
        .map(Entry::reference)
        .filter(reference -> keyOf(reference).startsWith(userPrefix))
        .toList());
  }

  @Override
  public Stream<StoredImage> listAll() {
    return script.read("listAll", List.of(), read -> images.visibleValues(read).stream()
        .map(Entry::reference)
        .filter(reference -> ImageKeys.isIdvKey(keyOf(reference).substring(prefix.length())))
        .toList()
        .stream());
  }

  /**
   * Puts an object below the store's prefix that idv did not write, as another application sharing
   * the bucket would (for example {@code "reports/2026.csv"}). The store must never list or delete
   * it. Records no call.
   *
   * @param key the key below the prefix
   * @param image the content
   * @return the object's reference
   */
  public StoredImage addForeignObject(String key, FaceImage image) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(image, "image");
    if (ImageKeys.isIdvKey(key)) {
      throw new IllegalArgumentException("A foreign object's key must not be in idv's layout");
    }
    StoredImage reference = new StoredImage(URI.create("memory://" + name + "/" + prefix + key));
    images.put(prefix + key, new Entry(reference, image), 0);
    return reference;
  }

  /**
   * Tells whether an object is still in the store, ignoring lag and faults and recording no call.
   *
   * @param reference the object
   * @return whether it is there
   */
  public boolean holds(StoredImage reference) {
    return images.latest(keyOf(reference)).isPresent();
  }

  /**
   * Returns every image reference the store holds now, ignoring lag and faults and recording no
   * call: for assertions such as "no orphan image is left".
   *
   * @return the references, in the order first stored
   */
  public List<StoredImage> images() {
    return images.latestValues().stream().map(Entry::reference).toList();
  }

  @Override
  public Faults faults() {
    return script.faults();
  }

  @Override
  public List<Call> calls() {
    return script.calls();
  }

  @Override
  public Call takeCall() {
    return script.takeCall();
  }

  private String keyOf(StoredImage image) {
    URI uri = image.uri();
    String path = uri.getPath();
    if (!"memory".equals(uri.getScheme())
        || !name.equals(uri.getAuthority())
        || path == null
        || !path.startsWith("/" + prefix)) {
      throw new ConfigurationException(
          "The image " + image + " is not in the in-memory store memory://" + name + "/" + prefix
              + "; read it through the store that holds it");
    }
    return path.substring(1);
  }

  @Override
  public String toString() {
    return "InMemoryImageStore[memory://" + name + "/" + prefix + "]";
  }
}
