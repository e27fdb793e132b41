package io.github.idvkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.FaceImage;
import io.github.idvkit.LivenessConfidence;
import io.github.idvkit.LivenessSessionId;
import io.github.idvkit.ProviderException;
import io.github.idvkit.spi.LivenessCheck;
import io.github.idvkit.spi.LivenessState;
import io.github.idvkit.testkit.contract.LivenessCheckContract;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakeLivenessCheckTest extends LivenessCheckContract {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
  private FakeLivenessCheck fake;

  @Override
  protected LivenessCheck newSubject() {
    fake = FakeLivenessCheck.create(clock);
    return fake;
  }

  @Override
  protected void complete(
      LivenessSessionId sessionId, LivenessConfidence confidence, FaceImage reference, List<FaceImage> auditImages) {
    fake.complete(sessionId, confidence, reference, auditImages.toArray(FaceImage[]::new));
  }

  @Override
  protected void fail(LivenessSessionId sessionId) {
    fake.fail(sessionId);
  }

  @Test
  void result_afterTheSessionLifetime_isExpired() {
    LivenessSessionId id = fake.createSession(0);
    fake.start(id);

    clock.advance(FakeLivenessCheck.SESSION_LIFETIME.plusSeconds(1));

    assertThat(fake.result(id).orElseThrow().state()).isEqualTo(LivenessState.EXPIRED);
    assertThatThrownBy(() -> fake.pass(id, TestFaces.subject("a").image(1)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void result_withAScriptedFault_throwsIt_andRecordsTheCall() {
    LivenessSessionId id = fake.createSession(0);
    fake.faults().failNext("result", Fault.throttled());

    assertThatThrownBy(() -> fake.result(id)).isInstanceOf(ProviderException.class);
    assertThat(fake.calls("result")).hasSize(1);
  }

  @Test
  void forget_makesTheSessionUnknown() {
    LivenessSessionId id = fake.createSession(0);

    fake.forget(id);

    assertThat(fake.result(id)).isEmpty();
  }

  /** A clock a test moves by hand. */
  static final class MutableClock extends java.time.Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    synchronized void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public synchronized Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
