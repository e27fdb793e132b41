package io.github.idvkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.BoundingBox;
import io.github.idvkit.DetectedFace;
import io.github.idvkit.FaceAttribute;
import io.github.idvkit.Pose;
import io.github.idvkit.QualityGate;
import io.github.idvkit.QualityIssue;
import java.util.List;
import org.junit.jupiter.api.Test;

class QualityEvaluatorTest {

  private static final QualityGate GATE = QualityGate.strict();

  private static DetectedFace.Builder good() {
    return DetectedFace.builder()
        .box(BoundingBox.of(0.3, 0.3, 0.4, 0.4))
        .confidence(0.999)
        .sizePixels(200)
        .brightness(0.6)
        .sharpness(0.7)
        .pose(Pose.of(2, -3, 1))
        .eyesOpen(FaceAttribute.of(true, 0.99))
        .sunglasses(FaceAttribute.of(false, 0.99))
        .occluded(FaceAttribute.of(false, 0.99));
  }

  @Test
  void evaluate_goodFace_passes() {
    assertThat(QualityEvaluator.evaluate(List.of(good().build()), GATE)).isEmpty();
  }

  @Test
  void evaluate_noFaces_reportsNoFaceOnly() {
    assertThat(QualityEvaluator.evaluate(List.of(), GATE)).containsExactly(QualityIssue.NO_FACE);
  }

  @Test
  void evaluate_twoFaces_reportsMultipleFacesOnly() {
    assertThat(QualityEvaluator.evaluate(List.of(good().build(), good().build()), GATE))
        .containsExactly(QualityIssue.MULTIPLE_FACES);
  }

  @Test
  void evaluate_everyProblem_reportsEveryReason() {
    DetectedFace bad =
        good()
            .confidence(0.5)
            .sizePixels(20)
            .brightness(0.05)
            .sharpness(0.01)
            .pose(Pose.of(60, 0, 0))
            .eyesOpen(FaceAttribute.of(false, 0.9))
            .sunglasses(FaceAttribute.of(true, 0.95))
            .occluded(FaceAttribute.of(true, 0.8))
            .build();

    assertThat(QualityEvaluator.evaluate(List.of(bad), GATE))
        .containsExactlyInAnyOrder(
            QualityIssue.LOW_CONFIDENCE,
            QualityIssue.FACE_TOO_SMALL,
            QualityIssue.TOO_DARK,
            QualityIssue.BLURRY,
            QualityIssue.POSE,
            QualityIssue.EYES_CLOSED,
            QualityIssue.SUNGLASSES,
            QualityIssue.OCCLUDED);
  }

  @Test
  void evaluate_overExposed_reportsTooBright() {
    assertThat(QualityEvaluator.evaluate(List.of(good().brightness(0.99).build()), GATE))
        .containsExactly(QualityIssue.TOO_BRIGHT);
  }

  @Test
  void evaluate_unwantedAnswersWithoutConfidence_countAsNotMeasured() {
    DetectedFace face = good().eyesOpen(FaceAttribute.of(false)).sunglasses(FaceAttribute.of(true))
        .occluded(FaceAttribute.of(true)).build();

    assertThat(QualityEvaluator.evaluate(List.of(face), GATE)).isEmpty();
    assertThat(QualityEvaluator.evaluate(List.of(face), QualityGate.builder().from(GATE).requireMeasured(true).build()))
        .containsExactly(QualityIssue.NOT_MEASURED);
  }

  @Test
  void evaluate_unsureAttribute_belowAttributeConfidence_passes() {
    DetectedFace face = good().sunglasses(FaceAttribute.of(true, 0.3)).build();

    assertThat(QualityEvaluator.evaluate(List.of(face), GATE)).isEmpty();
  }

  @Test
  void evaluate_unmeasuredFacts_passUnlessRequired() {
    DetectedFace bare =
        DetectedFace.builder().box(BoundingBox.of(0.3, 0.3, 0.4, 0.4)).confidence(0.999).sizePixels(200).build();

    assertThat(QualityEvaluator.evaluate(List.of(bare), GATE)).isEmpty();
    assertThat(QualityEvaluator.evaluate(List.of(bare), GATE.toBuilder().requireMeasured(true).build()))
        .containsExactly(QualityIssue.NOT_MEASURED);
  }

  @Test
  void measuresAll_factsAGateChecks_decidesWhetherADetectorIsNeeded() {
    DetectedFace searched =
        DetectedFace.builder()
            .box(BoundingBox.of(0.3, 0.3, 0.4, 0.4))
            .confidence(0.999)
            .sizePixels(200)
            .brightness(0.6)
            .sharpness(0.7)
            .pose(Pose.of(0, 0, 0))
            .build();

    assertThat(QualityEvaluator.measuresAll(List.of(searched), GATE)).isFalse();
    assertThat(QualityEvaluator.measuresAll(List.of(searched), GATE.withoutAttributeChecks())).isTrue();
    assertThat(QualityEvaluator.measuresAll(List.of(good().build()), GATE)).isTrue();
    assertThat(QualityEvaluator.measuresAll(List.of(), GATE)).isTrue();
  }

  @Test
  void evaluate_factsTheGateDoesNotCheck_areNeverReportedUnmeasured() {
    DetectedFace boxOnly =
        DetectedFace.builder().box(BoundingBox.of(0.3, 0.3, 0.4, 0.4)).confidence(0.99).sizePixels(200).build();
    QualityGate strictAboutMeasuring = QualityGate.searchable().toBuilder().requireMeasured(true).build();

    assertThat(QualityEvaluator.evaluate(List.of(boxOnly), strictAboutMeasuring)).isEmpty();
    assertThat(QualityEvaluator.evaluate(List.of(boxOnly), GATE.toBuilder().requireMeasured(true).build()))
        .contains(QualityIssue.NOT_MEASURED);
  }
}
