package io.github.idvkit.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.DecisionEvent;
import io.github.idvkit.ExecutionMode;
import io.github.idvkit.FaceImage;
import io.github.idvkit.Flow;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.ProviderException;
import io.github.idvkit.Similarity;
import io.github.idvkit.UserId;
import io.github.idvkit.testkit.FakeFaceComparer;
import io.github.idvkit.testkit.FakeFaceDetector;
import io.github.idvkit.testkit.Fault;
import io.github.idvkit.testkit.InMemoryFaceIndex;
import io.github.idvkit.testkit.InMemoryFaceRecordStore;
import io.github.idvkit.testkit.InMemoryImageStore;
import io.github.idvkit.testkit.TestFaces;
import io.github.idvkit.testkit.TestSubject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

@Isolated
class AuditAndPrivacyTest {

  private static final TestSubject ALICE = TestFaces.subject("alice");
  private static final String RAW_ID = "alice.secret@example.com";

  @Test
  void listener_receivesEveryDecisionWithScoresThresholdsAndModel() {
    try (Rig rig = new Rig(ExecutionMode.SEQUENTIAL, Rig.withIdentification())) {

      rig.verifier.register(req -> req.userId(RAW_ID).selfie(ALICE.image(1)).idPhoto(ALICE.image(2)));
      rig.verifier.login(req -> req.userId(RAW_ID).selfie(ALICE.image(3)));
      rig.verifier.identify(req -> req.selfie(ALICE.image(4)));
      rig.verifier.forget(UserId.of(RAW_ID));

      assertThat(rig.events).extracting(DecisionEvent::flow)
          .containsExactly(Flow.REGISTER, Flow.LOGIN, Flow.IDENTIFY, Flow.FORGET);
      DecisionEvent register = rig.events.get(0);
      assertThat(register.decision()).isEqualTo("REGISTERED");
      assertThat(register.scores()).containsOnlyKeys("idMatch");
      assertThat(register.thresholds())
          .containsEntry("idMatch", Similarity.ofPercent(99))
          .containsEntry("duplicate", Similarity.ofPercent(99));
      assertThat(register.modelVersion()).isPresent();
      assertThat(register.requestId()).isPresent();
      assertThat(register.decidedAt()).isEqualTo(Rig.CLOCK.instant());
      DecisionEvent login = rig.events.get(1);
      assertThat(login.decision()).isEqualTo("VERIFIED");
      assertThat(login.scores().get("login").ratio()).isGreaterThanOrEqualTo(0.99);
      assertThat(login.thresholds()).containsEntry("login", Similarity.ofPercent(99));
      assertThat(rig.events.get(2).decision()).isEqualTo("IDENTIFIED");
      assertThat(rig.events.get(3).decision()).isEqualTo("FORGOTTEN");
      assertThat(rig.events.toString()).doesNotContain(RAW_ID);
    }
  }

  @Test
  void listener_thatThrows_doesNotChangeTheResult() {
    try (IdentityVerifier verifier =
        IdentityVerifier.builder()
            .faceDetector(FakeFaceDetector.create())
            .faceComparer(FakeFaceComparer.create())
            .faceIndex(created())
            .imageStore(InMemoryImageStore.create())
            .faceRecordStore(InMemoryFaceRecordStore.create())
            .decisionListener(event -> {
              throw new IllegalStateException("audit sink down");
            })
            .build()) {

      assertThat(verifier.register(req -> req.userId("alice").selfie(ALICE.image(1))).registered()).isTrue();
    }
  }

  @Test
  void logsAndErrors_acrossAllFlowsAndFaults_holdNoImageBytesAndNoRawUserId() {
    FaceImage selfie = ALICE.image(1);
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    StringBuilder messages = new StringBuilder();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (Rig rig = new Rig(ExecutionMode.CONCURRENT, Rig.withIdentification())) {
      rig.verifier.register(req -> req.userId(RAW_ID).selfie(selfie).idPhoto(ALICE.image(2)));
      rig.verifier.login(req -> req.userId(RAW_ID).selfie(ALICE.image(3)));
      rig.verifier.login(req -> req.userId(RAW_ID).selfie(TestFaces.noFace()));
      rig.verifier.identify(req -> req.selfie(ALICE.image(4)));
      rig.images.faults().failNext("put", Fault.afterSideEffect(Fault.timeout()));
      rig.index.faults().failNext("deleteFaces", Fault.throttled());
      assertThatThrownBy(() -> rig.verifier.register(req -> req.userId("bob@example.com").selfie(TestFaces.subject("bob").image(1))))
          .isInstanceOfSatisfying(ProviderException.class, e -> {
            messages.append(e).append(e.getMessage());
            for (Throwable s : e.getSuppressed()) {
              messages.append(s).append(s.getMessage());
            }
          });
      rig.verifier.forget(UserId.of(RAW_ID));
    } finally {
      System.setErr(original);
    }

    String logs = captured.toString(StandardCharsets.UTF_8) + messages;
    assertThat(logs).as("debug logging was captured").contains("Register decided");
    assertThat(logs).doesNotContain(RAW_ID).doesNotContain("bob@example.com");
    byte[] bytes = selfie.bytes();
    String base64 = Base64.getEncoder().encodeToString(bytes);
    assertThat(logs).doesNotContain(base64.substring(0, 24)).doesNotContain(base64.substring(100, 124));
    assertThat(logs).doesNotContain(HexFormat.of().formatHex(bytes, 0, 16));
  }

  private static InMemoryFaceIndex created() {
    InMemoryFaceIndex index = InMemoryFaceIndex.create();
    index.createCollection();
    return index;
  }
}
