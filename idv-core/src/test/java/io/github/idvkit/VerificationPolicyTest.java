package io.github.idvkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VerificationPolicyTest {

  @Test
  void highSecurity_uses99PercentEverywhereAndTheStrictGate() {
    VerificationPolicy policy = VerificationPolicy.highSecurity();

    assertThat(policy.idMatchThreshold()).isEqualTo(Similarity.ofPercent(99));
    assertThat(policy.duplicateThreshold()).isEqualTo(Similarity.ofPercent(99));
    assertThat(policy.loginThreshold()).isEqualTo(Similarity.ofPercent(99));
    assertThat(policy.identificationEnabled()).isFalse();
    assertThat(policy.qualityGate()).isEqualTo(QualityGate.strict());
  }

  @Test
  void builder_thresholdBelowFloor_isRefusedWithoutOptIn() {
    assertThatThrownBy(
            () -> VerificationPolicy.highSecurity().toBuilder().loginThreshold(Similarity.ofPercent(70)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("loginThreshold")
        .hasMessageContaining("belowFloorAllowed");
  }

  @Test
  void builder_thresholdBelowFloorWithOptIn_isAccepted() {
    VerificationPolicy policy =
        VerificationPolicy.highSecurity().toBuilder()
            .loginThreshold(Similarity.ofPercent(70))
            .belowFloorAllowed(true)
            .build();

    assertThat(policy.loginThreshold()).isEqualTo(Similarity.ofPercent(70));
  }

  @Test
  void builder_badMarginOrDepth_isRefused() {
    assertThatThrownBy(() -> VerificationPolicy.highSecurity().toBuilder().identifyMargin(1.5).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VerificationPolicy.highSecurity().toBuilder().searchDepth(1).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void strictGate_isStricterThanStandard() {
    QualityGate strict = QualityGate.strict();
    QualityGate standard = QualityGate.standard();

    assertThat(strict.minConfidence()).isGreaterThan(standard.minConfidence());
    assertThat(strict.maxYaw()).isLessThan(standard.maxYaw());
    assertThat(strict.minFaceSizePixels()).isGreaterThan(standard.minFaceSizePixels());
  }
}
