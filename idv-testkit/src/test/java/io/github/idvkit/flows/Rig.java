package io.github.idvkit.flows;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.DecisionEvent;
import io.github.idvkit.ExecutionMode;
import io.github.idvkit.FaceId;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.spi.FaceRecord;
import io.github.idvkit.spi.RegistrationIntent;
import io.github.idvkit.spi.ImageKeys;
import io.github.idvkit.spi.IndexedFace;
import io.github.idvkit.testkit.FakeFaceComparer;
import io.github.idvkit.testkit.FakeFaceDetector;
import io.github.idvkit.testkit.InMemoryFaceIndex;
import io.github.idvkit.testkit.InMemoryFaceRecordStore;
import io.github.idvkit.testkit.InMemoryImageStore;
import io.github.idvkit.testkit.ScriptableFake;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Five fakes wired into a verifier, plus the checks the flow tests share. */
final class Rig implements AutoCloseable {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);

  final FakeFaceDetector detector = FakeFaceDetector.create();
  final InMemoryImageStore images = InMemoryImageStore.create();
  final FakeFaceComparer comparer = FakeFaceComparer.create(images);
  final InMemoryFaceIndex index;
  final InMemoryFaceRecordStore records = InMemoryFaceRecordStore.create();
  final List<DecisionEvent> events = new CopyOnWriteArrayList<>();
  final IdentityVerifier verifier;
  private final int setUpCalls;

  Rig(ExecutionMode mode) {
    this(mode, VerificationPolicy.highSecurity());
  }

  Rig(ExecutionMode mode, VerificationPolicy policy) {
    this(mode, policy, InMemoryFaceIndex.create());
  }

  /** A rig whose index answers user-level searches (matches without face ids), as SearchUsersByImage. */
  static Rig withUserLevelSearch(ExecutionMode mode, VerificationPolicy policy) {
    return new Rig(mode, policy, InMemoryFaceIndex.builder().userLevelSearch(true).build());
  }

  /** A rig on the given index (one that reports other facts, for instance). */
  static Rig withIndex(ExecutionMode mode, VerificationPolicy policy, InMemoryFaceIndex index) {
    return new Rig(mode, policy, index);
  }

  private Rig(ExecutionMode mode, VerificationPolicy policy, InMemoryFaceIndex index) {
    this.index = index;
    index.createCollection();
    verifier =
        IdentityVerifier.builder()
            .faceDetector(detector)
            .faceComparer(comparer)
            .faceIndex(index)
            .imageStore(images)
            .faceRecordStore(records)
            .policy(policy)
            .clock(CLOCK)
            .execution(mode)
            .decisionListener(events::add)
            .build();
    setUpCalls = allCalls();
  }

  static VerificationPolicy withIdentification() {
    return VerificationPolicy.highSecurity().toBuilder().identificationEnabled(true).build();
  }

  /** The five fakes, by the names the fault matrix uses, in flow order. */
  Map<String, ScriptableFake> ports() {
    Map<String, ScriptableFake> ports = new LinkedHashMap<>();
    ports.put("records", records);
    ports.put("detector", detector);
    ports.put("comparer", comparer);
    ports.put("index", index);
    ports.put("images", images);
    return ports;
  }

  /** Calls made to the five ports since the rig was set up. */
  int providerCalls() {
    return allCalls() - setUpCalls;
  }

  private int allCalls() {
    return detector.calls().size() + comparer.calls().size() + index.calls().size()
        + images.calls().size() + records.calls().size();
  }

  /** The users the flow tests use; listings by user cover every stored item. */
  static final List<UserId> USERS =
      List.of("alice", "bob", "carol", "mallory", "alice@example.com").stream().map(UserId::of).toList();

  /**
   * Asserts the stores agree: every indexed face has a record, every stored image has a record, and
   * every record's face and image exist.
   */
  void assertNoOrphans() {
    assertThat(orphans()).as("orphans").isEmpty();
  }

  /**
   * Describes every item out of step with the others: an indexed face or a stored image without a
   * record, a record whose face or image is gone. Reads the fakes directly, so scripted faults and
   * lag do not affect it.
   */
  List<String> orphans() {
    List<FaceRecord> all = new ArrayList<>(records.records());
    List<String> orphans = new ArrayList<>();
    Set<UserId> journaled = new java.util.HashSet<>();
    for (RegistrationIntent intent : records.intents()) {
      if (!intent.committed()) {
        // The attempt's journal: whoever takes it over removes every unrecorded face and image of
        // the user, so those are reachable through it, not orphaned.
        journaled.add(intent.userId());
        orphans.add("pending intent of " + intent.userId() + " (attempt " + intent.attemptId() + ")");
      } else if (all.stream().noneMatch(r -> r.faceId().equals(intent.faceId().orElseThrow()))) {
        // Committed, record not written yet: its face and image belong to it; a retry or the
        // reconciler writes the record.
        orphans.add("unfinished commit of " + intent.userId() + " (face " + intent.faceId().orElseThrow() + ")");
        all.add(intent.record().orElseThrow());
      }
    }
    Set<FaceId> indexed = index.faces().stream().map(IndexedFace::faceId).collect(Collectors.toSet());
    Set<StoredImage> stored = Set.copyOf(images.images());
    Set<FaceId> recordedFaces = all.stream().map(FaceRecord::faceId).collect(Collectors.toSet());
    Set<StoredImage> recordedImages = all.stream().map(FaceRecord::image).collect(Collectors.toSet());
    index.faces().stream()
        .filter(face -> !recordedFaces.contains(face.faceId()) && !journaled.contains(face.userId()))
        .forEach(face -> orphans.add("face " + face.faceId() + " of " + face.userId() + " has no record"));
    stored.stream()
        .filter(image -> !recordedImages.contains(image)
            && journaled.stream().noneMatch(user -> image.uri().getPath().contains("/" + ImageKeys.userPrefix(user))))
        .forEach(image -> orphans.add("image " + image + " has no record"));
    Set<UserId> recordedUsers = all.stream().map(FaceRecord::userId).collect(Collectors.toSet());
    index.users().stream()
        .filter(user -> !recordedUsers.contains(user) && !journaled.contains(user))
        .filter(user -> index.faces().stream().noneMatch(face -> face.userId().equals(user)))
        .forEach(user -> orphans.add("user " + user + " left in the index without a face"));
    for (FaceRecord record : all) {
      if (!indexed.contains(record.faceId())) {
        orphans.add("record of " + record.userId() + " points to face " + record.faceId() + ", which is gone");
      }
      if (!stored.contains(record.image())) {
        orphans.add("record of " + record.userId() + " points to image " + record.image() + ", which is gone");
      }
    }
    return orphans;
  }

  /** Everything stored about {@code user}, read from the fakes directly: faces, images, records. */
  int holdingsOf(UserId user) {
    String prefix = ImageKeys.userPrefix(user);
    return (int) (index.faces().stream().filter(face -> face.userId().equals(user)).count()
        + images.images().stream().filter(image -> image.uri().getPath().contains("/" + prefix)).count()
        + records.records().stream().filter(record -> record.userId().equals(user)).count());
  }

  /** Asserts nothing at all is stored. */
  void assertEmpty() {
    assertThat(index.faces()).as("indexed faces").isEmpty();
    assertThat(index.users()).as("users of the index").isEmpty();
    for (UserId user : USERS) {
      assertThat(images.list(user)).as("stored images of " + user).isEmpty();
      assertThat(records.findByUser(user)).as("records of " + user).isEmpty();
    }
  }

  @Override
  public void close() {
    verifier.close();
  }
}
