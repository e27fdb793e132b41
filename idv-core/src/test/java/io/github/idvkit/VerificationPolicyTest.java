package io.github.idvkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.internal.QualityEvaluator;
import io.github.idvkit.spi.FaceFact;
import java.util.EnumSet;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

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

  // ---------------------------------------------------------------- the floor, for every threshold

  /** Each threshold of the policy, with how to set it on a builder. */
  static Stream<Arguments> thresholds() {
    return Stream.of(
        threshold("idMatchThreshold", (b, t) -> b.idMatchThreshold(t)),
        threshold("duplicateThreshold", (b, t) -> b.duplicateThreshold(t)),
        threshold("loginThreshold", (b, t) -> b.loginThreshold(t)),
        threshold("identifyThreshold", (b, t) -> b.identifyThreshold(t)));
  }

  private static Arguments threshold(
      String name, BiFunction<VerificationPolicy.Builder, Similarity, VerificationPolicy.Builder> set) {
    return Arguments.of(name, set);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("thresholds")
  void builder_anyThresholdJustBelowFloor_isRefusedNamingIt(
      String name, BiFunction<VerificationPolicy.Builder, Similarity, VerificationPolicy.Builder> set) {
    Similarity below = Similarity.ofRatio(Math.nextDown(VerificationPolicy.FLOOR.ratio()));

    assertThatThrownBy(() -> set.apply(VerificationPolicy.highSecurity().toBuilder(), below).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(name)
        .hasMessageContaining("belowFloorAllowed");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("thresholds")
  void builder_anyThresholdAtFloor_isAccepted(
      String name, BiFunction<VerificationPolicy.Builder, Similarity, VerificationPolicy.Builder> set) {
    VerificationPolicy policy = set.apply(VerificationPolicy.highSecurity().toBuilder(), VerificationPolicy.FLOOR).build();

    assertThat(policy.belowFloorAllowed()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("thresholds")
  void builder_anyThresholdAtZeroWithOptIn_isAccepted(
      String name, BiFunction<VerificationPolicy.Builder, Similarity, VerificationPolicy.Builder> set) {
    VerificationPolicy policy =
        set.apply(VerificationPolicy.highSecurity().toBuilder().belowFloorAllowed(true), Similarity.ofRatio(0)).build();

    assertThat(policy.belowFloorAllowed()).isTrue();
  }

  @Test
  void toBuilder_optInWithdrawnFromALowPolicy_isRefused() {
    VerificationPolicy low =
        VerificationPolicy.highSecurity().toBuilder()
            .loginThreshold(Similarity.ofPercent(70))
            .belowFloorAllowed(true)
            .build();

    assertThatThrownBy(() -> low.toBuilder().belowFloorAllowed(false).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("loginThreshold");
  }

  @Test
  void presets_areAtOrAboveTheFloorWithoutOptIn() {
    for (VerificationPolicy preset : new VerificationPolicy[] {VerificationPolicy.highSecurity(), VerificationPolicy.standard()}) {
      assertThat(preset.belowFloorAllowed()).isFalse();
      assertThat(preset.loginThreshold().isAtLeast(VerificationPolicy.FLOOR)).isTrue();
      assertThat(preset.identifyThreshold().isAtLeast(VerificationPolicy.FLOOR)).isTrue();
      assertThat(preset.duplicateThreshold().isAtLeast(VerificationPolicy.FLOOR)).isTrue();
      assertThat(preset.idMatchThreshold().isAtLeast(VerificationPolicy.FLOOR)).isTrue();
      assertThat(preset.identificationEnabled()).isFalse();
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.01, 1.01, Double.NaN, Double.POSITIVE_INFINITY})
  void similarity_outsideTheScale_isRefused(double ratio) {
    assertThatThrownBy(() -> Similarity.ofRatio(ratio)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void loginQualityGate_highSecurityKeepsTheFullGate_standardDropsAttributeChecks() {
    assertThat(VerificationPolicy.highSecurity().loginQualityGate()).isEqualTo(QualityGate.strict());
    QualityGate login = VerificationPolicy.standard().loginQualityGate();
    assertThat(login.requireEyesOpen()).isFalse();
    assertThat(login.rejectSunglasses()).isFalse();
    assertThat(login.minConfidence()).isEqualTo(QualityGate.standard().minConfidence());
    assertThat(login).isEqualTo(QualityGate.searchable());
  }

  @Test
  void searchableGate_asksOnlyWhatEverySearchReports() {
    assertThat(QualityEvaluator.requiredFacts(QualityGate.searchable())).isEmpty();
    assertThat(QualityEvaluator.suffices(EnumSet.of(FaceFact.EVERY_FACE), QualityGate.searchable())).isTrue();
    assertThat(QualityEvaluator.suffices(EnumSet.noneOf(FaceFact.class), QualityGate.searchable())).isFalse();
    assertThat(QualityEvaluator.suffices(EnumSet.of(FaceFact.EVERY_FACE), QualityGate.strict())).isFalse();
    assertThat(QualityEvaluator.suffices(EnumSet.allOf(FaceFact.class), QualityGate.strict())).isTrue();
  }

  @Test
  void fromProperties_withScale_tagsEveryThresholdWithIt() {
    java.util.Properties p = new java.util.Properties();
    p.setProperty("scale", "local:dlib");
    p.setProperty("loginThreshold", "0.625");
    p.setProperty("duplicateThreshold", "0.583");
    p.setProperty("idMatchThreshold", "0.625");
    p.setProperty("identifyThreshold", "0.65");
    p.setProperty("belowFloorAllowed", "true");

    VerificationPolicy policy = VerificationPolicy.fromProperties(p, VerificationPolicy.standard());

    assertThat(policy.scale()).contains("local:dlib");
    assertThat(policy.loginThreshold()).isEqualTo(Similarity.ofRatio(0.625, "local:dlib"));
    assertThat(policy.duplicateThreshold().scale()).contains("local:dlib");
    assertThatThrownBy(() -> Similarity.ofRatio(0.9, "aws:rekognition/percent").isAtLeast(policy.loginThreshold()))
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void presets_holdDuplicatesFrom80PercentForReview() {
    assertThat(VerificationPolicy.highSecurity().duplicateReviewThreshold()).contains(Similarity.ofPercent(80));
    assertThat(VerificationPolicy.standard().duplicateReviewThreshold()).contains(Similarity.ofPercent(80));
  }

  @Test
  void properties_carryTheReviewBand_andANewDuplicateThresholdDropsTheBasesBand() {
    VerificationPolicy own = VerificationPolicy.standard().toBuilder()
        .duplicateReviewThreshold(Similarity.ofPercent(85)).build();

    assertThat(VerificationPolicy.fromProperties(own.toProperties(), VerificationPolicy.highSecurity())
        .duplicateReviewThreshold()).contains(Similarity.ofRatio(0.85));

    java.util.Properties calibrated = new java.util.Properties();
    calibrated.setProperty("duplicateThreshold", "0.583");
    calibrated.setProperty("belowFloorAllowed", "true");
    assertThat(VerificationPolicy.fromProperties(calibrated, VerificationPolicy.standard())
        .duplicateReviewThreshold()).isEmpty();
  }

  @Test
  void builder_thresholdOfAnotherScaleThanThePolicy_isRefused() {
    assertThatThrownBy(
            () ->
                VerificationPolicy.standard().toBuilder()
                    .scale("local:dlib")
                    .loginThreshold(Similarity.ofRatio(0.95, "aws:rekognition/percent"))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("aws:rekognition/percent")
        .hasMessageContaining("local:dlib");
  }
}
