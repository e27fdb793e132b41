package io.github.idvkit.flows;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.ExecutionMode;
import io.github.idvkit.FaceId;
import io.github.idvkit.Reconciler;
import io.github.idvkit.ReconciliationReport;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.FaceRecord;
import io.github.idvkit.spi.IndexedFace;
import io.github.idvkit.spi.RegistrationIntent;
import java.time.Clock;
import java.time.Duration;
import io.github.idvkit.testkit.TestFaces;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReconcilerTest {

  private static final UserId ALICE = UserId.of("alice@example.com");
  private static final UserId BOB = UserId.of("bob@example.com");

  private final Rig rig = new Rig(ExecutionMode.SEQUENTIAL);
  private final Reconciler reconciler = Reconciler.create(rig.index, rig.images, rig.records);

  @AfterEach
  void close() {
    rig.close();
  }

  private RegisterResult register(UserId user, String subject) {
    RegisterResult result = rig.verifier.register(r -> r.userId(user).selfie(TestFaces.subject(subject).image(1)));
    assertThat(result.registered()).isTrue();
    return result;
  }

  @Test
  void scan_consistentStores_isCleanAndChangesNothing() {
    register(ALICE, "alice");
    register(BOB, "bob");

    ReconciliationReport report = reconciler.scan();

    assertThat(report.clean()).isTrue();
    assertThat(report.repaired()).isFalse();
    assertThat(rig.holdingsOf(ALICE)).isEqualTo(3);
    assertThat(rig.holdingsOf(BOB)).isEqualTo(3);
  }

  @Test
  void scan_faceAndImageWithoutRecord_reportsThemAndChangesNothing() {
    register(BOB, "bob");
    IndexedFace face = rig.index.index(ALICE, TestFaces.subject("alice").image(1)).indexed().orElseThrow();
    StoredImage image = rig.images.put(ALICE, face.faceId(), TestFaces.subject("alice").image(1));

    ReconciliationReport report = reconciler.scan();

    assertThat(report.unrecordedFaces()).extracting(IndexedFace::faceId).containsExactly(face.faceId());
    assertThat(report.unrecordedImages()).containsExactly(image);
    assertThat(report.incompleteRecords()).isEmpty();
    assertThat(report.orphanCount()).isEqualTo(2);
    assertThat(rig.orphans()).hasSize(2);
  }

  @Test
  void repair_faceAndImageWithoutRecord_deletesThemAndKeepsRegistrations() {
    register(BOB, "bob");
    IndexedFace face = rig.index.index(ALICE, TestFaces.subject("alice").image(1)).indexed().orElseThrow();
    rig.images.put(ALICE, face.faceId(), TestFaces.subject("alice").image(1));

    ReconciliationReport report = reconciler.repair();

    assertThat(report.repaired()).isTrue();
    assertThat(report.orphanCount()).isEqualTo(2);
    assertThat(rig.orphans()).isEmpty();
    assertThat(rig.holdingsOf(ALICE)).isZero();
    assertThat(rig.holdingsOf(BOB)).isEqualTo(3);
    assertThat(reconciler.scan().clean()).isTrue();
  }

  @Test
  void repair_recordWhoseFaceIsGone_deletesImageAndRecordSoTheUserCanRegisterAgain() {
    RegisterResult alice = register(ALICE, "alice");
    rig.index.deleteFaces(ALICE, List.of(alice.faceId().orElseThrow()));
    assertThat(rig.verifier.register(r -> r.userId(ALICE).selfie(TestFaces.subject("alice").image(2))).decision().name())
        .as("stuck before the repair").isEqualTo("USER_ALREADY_REGISTERED");

    ReconciliationReport report = reconciler.repair();

    assertThat(report.incompleteRecords()).extracting(FaceRecord::faceId).containsExactly(alice.faceId().orElseThrow());
    assertThat(rig.orphans()).isEmpty();
    assertThat(rig.holdingsOf(ALICE)).isZero();
    assertThat(rig.verifier.register(r -> r.userId(ALICE).selfie(TestFaces.subject("alice").image(2))).registered())
        .isTrue();
  }

  @Test
  void repair_recordWhoseImageIsGone_deletesFaceAndRecord() {
    RegisterResult alice = register(ALICE, "alice");
    rig.images.delete(alice.image().orElseThrow());

    ReconciliationReport report = reconciler.repair();

    assertThat(report.incompleteRecords()).hasSize(1);
    assertThat(rig.orphans()).isEmpty();
    assertThat(rig.holdingsOf(ALICE)).isZero();
  }

  @Test
  void repair_again_findsNothing() {
    rig.index.index(ALICE, TestFaces.subject("alice").image(1));
    reconciler.repair();

    ReconciliationReport again = reconciler.repair();

    assertThat(again.clean()).isTrue();
  }

  @Test
  void report_textForms_holdNoRawUserId() {
    IndexedFace face = rig.index.index(ALICE, TestFaces.subject("alice").image(1)).indexed().orElseThrow();
    RegisterResult bob = register(BOB, "bob");
    rig.index.deleteFaces(BOB, List.of(bob.faceId().orElseThrow()));

    ReconciliationReport report = reconciler.scan();

    assertThat(report.toString()).doesNotContain(ALICE.value(), BOB.value(), "alice", "bob");
    assertThat(report.summary())
        .doesNotContain(ALICE.value(), BOB.value())
        .contains("faces without record=1", face.faceId().value(), "incomplete records=1",
            bob.faceId().map(FaceId::value).orElseThrow());
  }

  private static RegistrationIntent pendingIntent(UserId user, FaceId faceId) {
    return RegistrationIntent.builder()
        .userId(user)
        .requestId("req-1")
        .attemptId("attempt-1")
        .state(RegistrationIntent.State.PENDING)
        .startedAt(Rig.CLOCK.instant())
        .updatedAt(Rig.CLOCK.instant())
        .faceId(faceId)
        .build();
  }

  @Test
  void scanAndRepair_registrationInFlight_leaveItAlone() {
    FaceId indexing = rig.index.index(ALICE, TestFaces.subject("alice").image(1)).indexed().orElseThrow().faceId();
    rig.records.createIntent(pendingIntent(ALICE, indexing));
    Reconciler duringTheFlow = Reconciler.create(rig.index, rig.images, rig.records, Rig.CLOCK, Duration.ofMinutes(15));

    ReconciliationReport found = duringTheFlow.scan();
    ReconciliationReport repaired = duringTheFlow.repair();

    assertThat(found.clean()).isTrue();
    assertThat(repaired.clean()).isTrue();
    assertThat(rig.index.faces()).extracting(IndexedFace::faceId).containsExactly(indexing);
    assertThat(rig.records.intents()).hasSize(1);
  }

  @Test
  void repair_staleIntent_undoesItsJournalAndDeletesIt() {
    register(BOB, "bob");
    FaceId indexed = rig.index.index(ALICE, TestFaces.subject("alice").image(1)).indexed().orElseThrow().faceId();
    rig.records.createIntent(pendingIntent(ALICE, indexed));
    Reconciler later =
        Reconciler.create(rig.index, rig.images, rig.records,
            Clock.offset(Rig.CLOCK, Duration.ofMinutes(16)), Duration.ofMinutes(15));

    ReconciliationReport repaired = later.repair();

    assertThat(repaired.staleIntents()).extracting(RegistrationIntent::userId).containsExactly(ALICE);
    assertThat(rig.index.faces()).extracting(IndexedFace::userId).containsExactly(BOB);
    assertThat(rig.records.intents()).extracting(RegistrationIntent::userId).containsExactly(BOB);
    assertThat(later.scan().clean()).isTrue();
    assertThat(rig.verifier.register(r -> r.userId(ALICE).selfie(TestFaces.subject("alice").image(1))).registered())
        .isTrue();
  }

  @Test
  void repair_committedIntentWithoutRecord_rollsForward() {
    RegisterResult registered = register(ALICE, "alice");
    rig.records.delete(ALICE, registered.faceId().orElseThrow());

    ReconciliationReport repaired = reconciler.repair();

    assertThat(repaired.unfinishedCommits()).extracting(RegistrationIntent::userId).containsExactly(ALICE);
    assertThat(rig.records.findByUser(ALICE)).extracting(FaceRecord::faceId).containsExactly(registered.faceId().orElseThrow());
    assertThat(rig.verifier.login(r -> r.userId(ALICE).selfie(TestFaces.subject("alice").image(2))).verified()).isTrue();
  }

  @Test
  void scanAndRepair_sharedCollectionAndBucket_neverTouchForeignData() {
    register(ALICE, "alice");
    FaceId foreign = rig.index.addForeignFace(TestFaces.subject("carol").image(1));
    StoredImage foreignObject = rig.images.addForeignObject("reports/2026.jpg", TestFaces.subject("carol").image(1));

    ReconciliationReport found = reconciler.scan();
    reconciler.repair();

    assertThat(found.clean()).isTrue();
    assertThat(rig.index.foreignFaces()).containsExactly(foreign);
    assertThat(rig.images.holds(foreignObject)).isTrue();
  }
}
