package io.github.idvkit.flows;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.DecisionEvent;
import io.github.idvkit.ExecutionMode;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.UserId;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.spi.FaceRecord;
import io.github.idvkit.spi.IndexedFace;
import io.github.idvkit.testkit.FakeFaceComparer;
import io.github.idvkit.testkit.FakeFaceDetector;
import io.github.idvkit.testkit.InMemoryFaceIndex;
import io.github.idvkit.testkit.InMemoryFaceRecordStore;
import io.github.idvkit.testkit.InMemoryImageStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Five fakes wired into a verifier, plus the checks the flow tests share. */
final class Rig implements AutoCloseable {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);

  final FakeFaceDetector detector = FakeFaceDetector.create();
  final InMemoryImageStore images = InMemoryImageStore.create();
  final FakeFaceComparer comparer = FakeFaceComparer.create(images);
  final InMemoryFaceIndex index = InMemoryFaceIndex.create();
  final InMemoryFaceRecordStore records = InMemoryFaceRecordStore.create();
  final List<DecisionEvent> events = new CopyOnWriteArrayList<>();
  final IdentityVerifier verifier;
  private final int setUpCalls;

  Rig(ExecutionMode mode) {
    this(mode, VerificationPolicy.highSecurity());
  }

  Rig(ExecutionMode mode, VerificationPolicy policy) {
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
    Set<UserId> users = index.faces().stream().map(IndexedFace::userId).collect(Collectors.toSet());
    users.addAll(USERS);
    List<FaceRecord> all = users.stream().flatMap(user -> records.findByUser(user).stream()).toList();
    assertThat(index.faces().stream().map(IndexedFace::faceId).toList())
        .as("indexed faces and recorded faces")
        .containsExactlyInAnyOrderElementsOf(all.stream().map(FaceRecord::faceId).toList());
    for (UserId user : users) {
      assertThat(images.list(user))
          .as("stored images and recorded images of " + user)
          .containsExactlyInAnyOrderElementsOf(
              records.findByUser(user).stream().map(FaceRecord::image).toList());
    }
  }

  /** Asserts nothing at all is stored. */
  void assertEmpty() {
    assertThat(index.faces()).as("indexed faces").isEmpty();
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
