package io.github.idvkit.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.FaceImage;
import io.github.idvkit.LivenessConfidence;
import io.github.idvkit.LivenessSessionId;
import io.github.idvkit.spi.LivenessCheck;
import io.github.idvkit.spi.LivenessResult;
import io.github.idvkit.spi.LivenessState;
import io.github.idvkit.testkit.TestFaces;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract of {@link LivenessCheck}: every provider's check passes this suite. A browser is
 * not part of a test, so the suite asks the implementation's test to make the provider report a
 * session's outcome ({@link #complete}, {@link #fail}), as the client's run of the check would.
 */
public abstract class LivenessCheckContract {

  private static final FaceImage REFERENCE = TestFaces.subject("liveness-contract").image(1);
  private static final FaceImage AUDIT_1 = TestFaces.subject("liveness-contract").image(2);
  private static final FaceImage AUDIT_2 = TestFaces.subject("liveness-contract").image(3);

  /** Fails a test whose logs show any test image's bytes or base64 (biometric data never logged). */
  @RegisterExtension
  final ImageLeakCheck imageLeakCheck = new ImageLeakCheck(() -> List.of(REFERENCE, AUDIT_1, AUDIT_2));

  private LivenessCheck check;

  /** Creates the suite. */
  protected LivenessCheckContract() {}

  /**
   * Returns the check to test; called before every test.
   *
   * @return the check
   */
  protected abstract LivenessCheck newSubject();

  /**
   * Makes the provider report a session as a check that ran: {@link LivenessState#SUCCEEDED} with
   * this confidence, reference image and audit images (of which the provider keeps as many as the
   * session asked for).
   *
   * @param sessionId the session, created by the subject
   * @param confidence the confidence
   * @param reference the reference image
   * @param auditImages the audit images
   */
  protected abstract void complete(
      LivenessSessionId sessionId, LivenessConfidence confidence, FaceImage reference, List<FaceImage> auditImages);

  /**
   * Makes the provider report a session as {@link LivenessState#FAILED}.
   *
   * @param sessionId the session, created by the subject
   */
  protected abstract void fail(LivenessSessionId sessionId);

  /** Releases what {@link #newSubject()} made; called after every test. */
  protected void cleanUp() {}

  @BeforeEach
  final void createSubject() {
    check = newSubject();
  }

  @AfterEach
  final void releaseSubject() {
    cleanUp();
  }

  @Test
  void createSession_returnsANewIdEachCall() {
    LivenessSessionId first = check.createSession(0);
    LivenessSessionId second = check.createSession(0);

    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void result_ofANewSession_isCreatedWithoutConfidenceOrImages() {
    LivenessSessionId id = check.createSession(2);

    LivenessResult result = check.result(id).orElseThrow();

    assertThat(result.sessionId()).isEqualTo(id);
    assertThat(result.state()).isEqualTo(LivenessState.CREATED);
    assertThat(result.confidence()).isEmpty();
    assertThat(result.referenceImage()).isEmpty();
    assertThat(result.auditImages()).isEmpty();
  }

  @Test
  void result_ofAnUnknownSession_isEmpty() {
    assertThat(check.result(LivenessSessionId.of(UUID.randomUUID().toString()))).isEmpty();
  }

  @Test
  void result_ofACompletedSession_carriesConfidenceAndReferenceImage() {
    LivenessSessionId id = check.createSession(0);
    complete(id, LivenessConfidence.ofPercent(97.5), REFERENCE, List.of());

    LivenessResult result = check.result(id).orElseThrow();

    assertThat(result.state()).isEqualTo(LivenessState.SUCCEEDED);
    assertThat(result.confidence()).hasValueSatisfying(c -> assertThat(c.percent()).isCloseTo(97.5, org.assertj.core.data.Offset.offset(0.001)));
    assertThat(result.referenceImage()).contains(REFERENCE);
    assertThat(result.auditImages()).isEmpty();
  }

  @Test
  void result_ofALowScoringSession_isStillSucceeded_withTheLowConfidence() {
    LivenessSessionId id = check.createSession(0);
    complete(id, LivenessConfidence.ofPercent(4), REFERENCE, List.of());

    LivenessResult result = check.result(id).orElseThrow();

    assertThat(result.state()).isEqualTo(LivenessState.SUCCEEDED);
    assertThat(result.confidence().orElseThrow().percent()).isLessThan(5);
  }

  @Test
  void result_carriesAtMostTheAuditImagesTheSessionAskedFor() {
    LivenessSessionId id = check.createSession(1);
    complete(id, LivenessConfidence.ofPercent(99), REFERENCE, List.of(AUDIT_1, AUDIT_2));

    LivenessResult result = check.result(id).orElseThrow();

    assertThat(result.auditImages()).containsExactly(AUDIT_1);
  }

  @Test
  void result_ofAFailedSession_isFailedWithoutReferenceImage() {
    LivenessSessionId id = check.createSession(0);
    fail(id);

    LivenessResult result = check.result(id).orElseThrow();

    assertThat(result.state()).isEqualTo(LivenessState.FAILED);
    assertThat(result.referenceImage()).isEmpty();
  }

  @Test
  void result_readTwice_returnsTheSameFacts() {
    LivenessSessionId id = check.createSession(0);
    complete(id, LivenessConfidence.ofPercent(91), REFERENCE, List.of());

    assertThat(check.result(id)).isEqualTo(check.result(id));
  }

  @Test
  void createSession_withAnAuditImagesLimitOutside0To4_throwsIllegalArgument() {
    assertThatThrownBy(() -> check.createSession(5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> check.createSession(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
