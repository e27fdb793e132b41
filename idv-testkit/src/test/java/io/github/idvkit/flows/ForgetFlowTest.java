package io.github.idvkit.flows;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.ExecutionMode;
import io.github.idvkit.ForgetResult;
import io.github.idvkit.LoginDecision;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.UserId;
import io.github.idvkit.testkit.TestFaces;
import io.github.idvkit.testkit.TestSubject;
import org.junit.jupiter.api.Test;

/** {@code forget}; a fault at each of its provider calls is covered by {@link FaultMatrixTest}. */
class ForgetFlowTest {

  private static final TestSubject ALICE = TestFaces.subject("alice");
  private static final UserId ALICE_ID = UserId.of("alice");

  @Test
  void forget_registeredUser_erasesEverythingAndReturnsAReceipt() {
    try (Rig rig = new Rig(ExecutionMode.SEQUENTIAL)) {
      RegisterResult registered = rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)));
      rig.verifier.register(req -> req.userId("bob").selfie(TestFaces.subject("bob").image(1)));

      ForgetResult receipt = rig.verifier.forget(ALICE_ID);

      assertThat(receipt.userId()).isEqualTo(ALICE_ID);
      assertThat(receipt.deletedFaces()).containsExactly(registered.faceId().orElseThrow());
      assertThat(receipt.deletedImages()).isEqualTo(1);
      assertThat(receipt.deletedRecords()).isEqualTo(1);
      assertThat(receipt.completedAt()).isEqualTo(Rig.CLOCK.instant());
      assertThat(receipt.anythingDeleted()).isTrue();
      assertThat(rig.index.listFaces(ALICE_ID)).isEmpty();
      assertThat(rig.images.list(ALICE_ID)).isEmpty();
      assertThat(rig.records.findByUser(ALICE_ID)).isEmpty();
      assertThat(rig.records.findByUser(UserId.of("bob"))).hasSize(1);
      rig.assertNoOrphans();
    }
  }

  @Test
  void forget_thenLogin_isNotRegistered() {
    try (Rig rig = new Rig(ExecutionMode.SEQUENTIAL)) {
      rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)));

      rig.verifier.forget(req -> req.userId("alice"));

      assertThat(rig.verifier.login(req -> req.userId("alice").selfie(ALICE.image(2))).decision())
          .isEqualTo(LoginDecision.NOT_REGISTERED);
    }
  }

  @Test
  void forget_thenRegisterAgain_registers() {
    try (Rig rig = new Rig(ExecutionMode.SEQUENTIAL)) {
      rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)));
      rig.verifier.forget(ALICE_ID);

      RegisterResult again = rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)));

      assertThat(again.registered()).isTrue();
      assertThat(again.replayed()).isFalse();
    }
  }

  @Test
  void forget_unknownUserOrTwice_isAnEmptyReceipt() {
    try (Rig rig = new Rig(ExecutionMode.SEQUENTIAL)) {
      rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)));
      rig.verifier.forget(ALICE_ID);

      ForgetResult again = rig.verifier.forget(ALICE_ID);

      assertThat(again.anythingDeleted()).isFalse();
      assertThat(rig.verifier.forget(UserId.of("nobody")).anythingDeleted()).isFalse();
    }
  }

  @Test
  void forget_withReadAfterWriteLag_stillConfirmsNothingIsLeft() {
    try (Rig rig = new Rig(ExecutionMode.SEQUENTIAL)) {
      rig.verifier.register(req -> req.userId("alice").selfie(ALICE.image(1)));
      rig.records.faults().lag(1);

      rig.verifier.forget(ALICE_ID);

      assertThat(rig.records.findByUser(ALICE_ID)).isEmpty();
      assertThat(rig.index.listFaces(ALICE_ID)).isEmpty();
      assertThat(rig.images.list(ALICE_ID)).isEmpty();
    }
  }
}
