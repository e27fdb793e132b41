package io.github.idvkit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.idvkit.ConfigurationException;
import io.github.idvkit.Similarity;
import io.github.idvkit.VerificationPolicy;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The calibration report's statistics, files and the scale check, without the engine. */
class CalibrationTest {

  @TempDir Path dir;

  private static Calibration.Report report() {
    List<Double> genuine = new ArrayList<>();
    List<Double> impostor = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      genuine.add(0.60 + i * 0.003);
    }
    for (int i = 0; i < 1000; i++) {
      impostor.add(0.10 + i * 0.00045);
    }
    return new Calibration.Report(LocalSimilarity.SCALE, 20, 60, genuine, impostor, 0);
  }

  /**
   * 20,000 stranger scores: 19,900 spread over 0.10-0.30 and a tail of 100 spaced 0.0025 apart from
   * 0.31 to 0.5575; genuine pairs above.
   */
  private static Calibration.Report withTail() {
    List<Double> genuine = new ArrayList<>();
    List<Double> impostor = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      genuine.add(0.60 + i * 0.003);
    }
    for (int i = 0; i < 19_900; i++) {
      impostor.add(0.10 + 0.20 * i / 19_899);
    }
    for (int i = 0; i < 100; i++) {
      impostor.add(0.31 + 0.0025 * i);
    }
    return new Calibration.Report(LocalSimilarity.SCALE, 200, 400, genuine, impostor, 0);
  }

  @Test
  void perPairRate_spreadsTheRegistrationRateOverTheEnrolledUsers() {
    assertThat(Calibration.perPairRate(1e-2, 1)).isCloseTo(1e-2, within(1e-12));
    assertThat(Calibration.perPairRate(1e-2, 1000)).isCloseTo(1.005e-5, within(1e-8));
    assertThat(Calibration.perRegistrationRate(Calibration.perPairRate(1e-2, 1000), 1000))
        .isCloseTo(1e-2, within(1e-12));
    // a per-pair rate of 1e-2 searched over 1,000 users flags almost every registration
    assertThat(Calibration.perRegistrationRate(1e-2, 1000)).isGreaterThan(0.9999);
    assertThatThrownBy(() -> Calibration.perPairRate(1e-2, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void thresholdShowing_needsTheUpperBoundWithinTheTarget() {
    Calibration.Report report = withTail();

    double t = report.thresholdShowing(1e-2).orElseThrow();

    assertThat(report.falseMatchRateUpperBound(t)).isLessThanOrEqualTo(1e-2);
    // more lenient than a threshold that lets only 1e-3 of the strangers through
    assertThat(t).isLessThan(report.thresholdAt(1e-3));
    // 20,000 pairs with no error bound the rate only below about 1.5e-4
    assertThat(report.thresholdShowing(1e-4)).isEmpty();
  }

  @Test
  void duplicateThreshold_targetsAFalseFlagRatePerRegistration_notPerPair() {
    Calibration.Report report = withTail();
    Calibration.Report one = report.forEnrolledUsers(1);
    Calibration.Report ten = report.forEnrolledUsers(10);
    Calibration.Report three = report.forEnrolledUsers(3);

    assertThat(report.enrolledUsers()).isEqualTo(Calibration.DEFAULT_ENROLLED_USERS);
    assertThat(ten.duplicateTargetPerPair()).isCloseTo(1.005e-3, within(1e-6));
    assertThat(one.duplicateTargetShown()).isTrue();
    assertThat(ten.duplicateTargetShown()).isTrue();
    assertThat(three.duplicateThreshold()).isGreaterThan(one.duplicateThreshold());
    assertThat(ten.duplicateThreshold()).isGreaterThan(three.duplicateThreshold());
    assertThat(ten.duplicateThreshold()).isLessThan(ten.loginThreshold());
    assertThat(ten.falseFlagRatePerRegistrationUpperBound(ten.duplicateThreshold())).isLessThanOrEqualTo(1e-2);
    // the old per-pair rule (1e-2) would flag about one registration in ten at 10 users
    assertThat(ten.falseFlagRatePerRegistrationUpperBound(report.thresholdAt(1e-2))).isGreaterThan(0.05);
    assertThat(ten.policy(LocalIdentityVerifier.calibratedPolicy()).duplicateThreshold().ratio())
        .isCloseTo(ten.duplicateThreshold(), within(1e-9));
    assertThat(ten.summary()).contains("duplicate search over 10 enrolled users").doesNotContain("NOT shown: 20000");
  }

  @Test
  void duplicateThreshold_thatTheSetCannotShow_staysAtLogin_andTheReportSaysSo() {
    Calibration.Report thousand = withTail().forEnrolledUsers(1000);

    assertThat(thousand.duplicateTargetShown()).isFalse();
    assertThat(thousand.duplicateThreshold()).isEqualTo(thousand.loginThreshold());
    assertThat(thousand.policy(LocalIdentityVerifier.calibratedPolicy()).duplicateThreshold().ratio())
        .isCloseTo(thousand.loginThreshold(), within(1e-9));
    // 1e-2 per registration over 1,000 users is 1e-5 per pair: about 300,000 pairs to show it
    assertThat(thousand.summary())
        .contains("duplicate search over 1000 enrolled users", "NOT shown: 20000 impostor pairs", "at least 298")
        .contains("flagged/registration 95% up (N=1000)");
    assertThatThrownBy(() -> thousand.forEnrolledUsers(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void clopperPearson_withNoErrors_isTheRuleOfThree() {
    assertThat(Calibration.Report.clopperPearsonUpper(0, 1000, 0.05)).isCloseTo(2.996e-3, within(2e-5));
    assertThat(Calibration.Report.clopperPearsonUpper(0, 100, 0.05)).isCloseTo(0.0295, within(3e-4));
    // 5 errors in 1000: the exact one-sided 95 % bound is about 0.0105
    assertThat(Calibration.Report.clopperPearsonUpper(5, 1000, 0.05)).isCloseTo(0.0105, within(3e-4));
  }

  @Test
  void thresholds_refuseTheImpostorsTheTargetAllows() {
    Calibration.Report report = report();

    double t2 = report.thresholdAt(1e-2);
    double t3 = report.thresholdAt(1e-3);

    assertThat(report.falseMatchRate(t2)).isLessThanOrEqualTo(1e-2);
    assertThat(report.falseMatchRate(t3)).isLessThanOrEqualTo(1e-3);
    assertThat(t3).isGreaterThan(t2);
    // 1,000 impostor pairs cannot show 1e-3: the login threshold clears the highest impostor
    assertThat(report.loginThreshold()).isGreaterThanOrEqualTo(report.impostorScores()[999] + 0.02);
    assertThat(report.equalErrorRate()[0]).isEqualTo(0);
    assertThat(report.summary()).contains("NOT shown").contains("rule of three");
  }

  @Test
  void policyFile_roundTripsThroughVerificationPolicy_andKeepsTheScale() throws Exception {
    Calibration.Report report = report();
    Path file = dir.resolve("policy.properties");
    VerificationPolicy base = LocalIdentityVerifier.calibratedPolicy();

    report.writePolicy(file, base);
    Properties props = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      props.load(r);
    }
    VerificationPolicy loaded = VerificationPolicy.fromProperties(props, base);

    assertThat(loaded.loginThreshold().ratio()).isCloseTo(report.loginThreshold(), within(1e-6));
    assertThat(loaded.duplicateThreshold().ratio()).isCloseTo(report.duplicateThreshold(), within(1e-6));
    assertThat(loaded.duplicateThreshold().ratio()).isLessThanOrEqualTo(loaded.loginThreshold().ratio());
    assertThat(Files.readString(file)).contains("duplicate search over 1000 enrolled users");
    assertThat(loaded.scale()).contains(LocalSimilarity.SCALE);
    assertThat(loaded.qualityGate()).isEqualTo(base.qualityGate());
  }

  @Test
  void policy_fromAPresetBase_dropsTheBasesReviewBand_whichIsOnAnotherScale() {
    VerificationPolicy calibrated = report().policy(VerificationPolicy.highSecurity());

    assertThat(VerificationPolicy.highSecurity().duplicateReviewThreshold()).isPresent();
    assertThat(calibrated.duplicateReviewThreshold()).isEmpty();
  }

  @Test
  void chart_isAReadablePng() throws Exception {
    Path png = dir.resolve("chart.png");

    report().writeChart(png, LocalIdentityVerifier.calibratedPolicy());

    assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(1200);
  }

  @Test
  void dataset_countsPairsPerFolder() throws Exception {
    for (String person : new String[] {"alice", "bob", "carol"}) {
      Files.createDirectories(dir.resolve(person));
    }
    Files.write(dir.resolve("alice/1.jpg"), new byte[1]);
    Files.write(dir.resolve("alice/2.JPG"), new byte[1]);
    Files.write(dir.resolve("alice/3.png"), new byte[1]);
    Files.write(dir.resolve("alice/notes.txt"), new byte[1]);
    Files.write(dir.resolve("bob/1.jpeg"), new byte[1]);
    Files.write(dir.resolve("bob/2.jpeg"), new byte[1]);

    Calibration.Dataset set = Calibration.Dataset.fromDirectory(dir);

    assertThat(set.people()).containsOnlyKeys("alice", "bob");
    assertThat(set.genuinePairs()).isEqualTo(3 + 1);
    assertThat(set.impostorPairs()).isEqualTo(3 * 2);
  }

  @Test
  void run_overTheCap_isRefusedBeforeAnyCall() throws Exception {
    Files.createDirectories(dir.resolve("a"));
    Files.createDirectories(dir.resolve("b"));
    Files.write(dir.resolve("a/1.jpg"), new byte[1]);
    Files.write(dir.resolve("a/2.jpg"), new byte[1]);
    Files.write(dir.resolve("b/1.jpg"), new byte[1]);
    List<String> calls = new ArrayList<>();
    Calibration calibration =
        Calibration.over(
            (source, target) -> {
              calls.add("compare");
              throw new AssertionError("no call expected");
            },
            "test");

    assertThat(calibration.plannedCalls(Calibration.Dataset.fromDirectory(dir))).isEqualTo(3);
    assertThatThrownBy(() -> calibration.run(Calibration.Dataset.fromDirectory(dir), 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 comparisons");
    assertThat(calls).isEmpty();
  }

  @Test
  void localVerifier_refusesAPolicyCalibratedForAnotherScale() {
    VerificationPolicy aws = VerificationPolicy.standard().toBuilder().scale("aws:rekognition/percent").build();

    assertThatThrownBy(() -> LocalIdentityVerifier.builder().dataDirectory(dir).policy(aws).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("aws:rekognition/percent")
        .hasMessageContaining(LocalSimilarity.SCALE);
  }

  @Test
  void localSimilarities_carryTheModelScale_andRefuseAThresholdOfAnother() {
    Similarity score = SharedLocalEngine.get().descriptorModel().similarity(0.3);

    assertThat(score.scale()).contains(LocalSimilarity.SCALE);
    assertThat(LocalIdentityVerifier.calibratedPolicy().loginThreshold().scale()).contains(LocalSimilarity.SCALE);
    assertThatThrownBy(() -> score.isAtLeast(Similarity.ofRatio(0.95, "aws:rekognition/percent")))
        .isInstanceOf(ConfigurationException.class);
  }
}
