package io.github.idvkit.testkit;

import io.github.idvkit.FaceId;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.FaceRecord;
import io.github.idvkit.spi.FaceRecordStore;
import io.github.idvkit.spi.RegistrationIntent;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link FaceRecordStore} in memory, keyed by user and face like the DynamoDB table.
 *
 * <pre>{@code
 * InMemoryFaceRecordStore records = InMemoryFaceRecordStore.create();
 * boolean written = records.create(record);        // false if user and face already have one
 * List<FaceRecord> alices = records.findByUser(UserId.of("alice"));
 * }</pre>
 *
 * <p>{@link #create} checks for an existing record on the latest state, even while {@link
 * Faults#lag(int)} hides recent writes from reads, as a store with conditional writes does. Intents
 * are read and written consistently, as the port's contract asks, whatever the lag.
 *
 * <p>Thread-safe. Operations for {@link Faults}: {@code "create"}, {@code "findByUser"}, {@code
 * "findByFace"}, {@code "delete"}; the finds are reads for {@link Faults#lag(int)}, {@code create}
 * and {@code delete} writes.
 */
public final class InMemoryFaceRecordStore implements FaceRecordStore, ScriptableFake {

  private static final Logger LOG = LoggerFactory.getLogger(InMemoryFaceRecordStore.class);

  private record Key(UserId user, FaceId faceId) {}

  private final PortScript script =
      new PortScript(
          FakeFaceDetector.PROVIDER,
          "InMemoryFaceRecordStore",
          Set.of(
              "create", "findByUser", "findByFace", "findAll", "delete", "createIntent",
              "replaceIntent", "findIntent", "deleteIntent", "findIntents"));
  private final LaggingMap<Key, FaceRecord> records = new LaggingMap<>();
  private final Map<UserId, RegistrationIntent> intents = new LinkedHashMap<>();

  private InMemoryFaceRecordStore() {}

  /**
   * Returns an empty store.
   *
   * @return the store
   */
  public static InMemoryFaceRecordStore create() {
    return new InMemoryFaceRecordStore();
  }

  @Override
  public boolean create(FaceRecord record) {
    Objects.requireNonNull(record, "record");
    return script.write("create", List.of(record), visibleFrom -> {
      Key key = new Key(record.userId(), record.faceId());
      synchronized (records) {
        if (records.latest(key).isPresent()) {
          return false;
        }
        records.put(key, record, visibleFrom);
      }
      LOG.debug("Created face record [faceId={}]", record.faceId());
      return true;
    });
  }

  @Override
  public List<FaceRecord> findByUser(UserId user) {
    Objects.requireNonNull(user, "user");
    return script.read("findByUser", List.of(user), read -> records.visibleValues(read).stream()
        .filter(record -> record.userId().equals(user))
        .sorted(Comparator.comparing(FaceRecord::createdAt))
        .toList());
  }

  @Override
  public Optional<FaceRecord> findByFace(FaceId faceId) {
    Objects.requireNonNull(faceId, "faceId");
    return script.read("findByFace", List.of(faceId), read -> records.visibleValues(read).stream()
        .filter(record -> record.faceId().equals(faceId))
        .findFirst());
  }

  @Override
  public Stream<FaceRecord> findAll() {
    return script.read("findAll", List.of(), read -> List.copyOf(records.visibleValues(read)).stream());
  }

  @Override
  public boolean createIntent(RegistrationIntent intent) {
    Objects.requireNonNull(intent, "intent");
    return script.write("createIntent", List.of(intent.userId()), visibleFrom -> {
      synchronized (intents) {
        if (intents.containsKey(intent.userId())) {
          return false;
        }
        intents.put(intent.userId(), intent);
        return true;
      }
    });
  }

  @Override
  public boolean replaceIntent(String attemptId, RegistrationIntent intent) {
    Objects.requireNonNull(attemptId, "attemptId");
    Objects.requireNonNull(intent, "intent");
    return script.write("replaceIntent", List.of(intent.userId()), visibleFrom -> {
      synchronized (intents) {
        RegistrationIntent current = intents.get(intent.userId());
        if (current == null || !current.attemptId().equals(attemptId) || current.committed()) {
          return false;
        }
        intents.put(intent.userId(), intent);
        return true;
      }
    });
  }

  @Override
  public Optional<RegistrationIntent> findIntent(UserId user) {
    Objects.requireNonNull(user, "user");
    return script.compute("findIntent", List.of(user), () -> {
      synchronized (intents) {
        return Optional.ofNullable(intents.get(user));
      }
    });
  }

  @Override
  public boolean deleteIntent(UserId user, String attemptId) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(attemptId, "attemptId");
    return script.write("deleteIntent", List.of(user), visibleFrom -> {
      synchronized (intents) {
        RegistrationIntent current = intents.get(user);
        if (current == null || !current.attemptId().equals(attemptId)) {
          return false;
        }
        intents.remove(user);
        return true;
      }
    });
  }

  @Override
  public Stream<RegistrationIntent> findIntents() {
    return script.compute("findIntents", List.of(), () -> {
      synchronized (intents) {
        return List.copyOf(intents.values()).stream();
      }
    });
  }

  /**
   * Returns every registration intent the store holds now, recording no call: for assertions such
   * as "no pending intent is left".
   *
   * @return the intents
   */
  public List<RegistrationIntent> intents() {
    synchronized (intents) {
      return List.copyOf(intents.values());
    }
  }

  @Override
  public boolean delete(UserId user, FaceId faceId) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(faceId, "faceId");
    return script.write(
        "delete", List.of(user, faceId), visibleFrom -> records.remove(new Key(user, faceId), visibleFrom));
  }

  /**
   * Returns every record the store holds now, ignoring lag and faults and recording no call: for
   * assertions such as "no orphan record is left".
   *
   * @return the records, in the order written
   */
  public List<FaceRecord> records() {
    return records.latestValues();
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

  @Override
  public String toString() {
    return "InMemoryFaceRecordStore";
  }
}
