package io.github.idvkit.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.ConfigurationException;
import io.github.idvkit.DetectedFace;
import io.github.idvkit.QualityIssue;
import io.github.idvkit.Similarity;
import io.github.idvkit.StoredImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rekognition.model.BoundingBox;
import software.amazon.awssdk.services.rekognition.model.FaceDetail;
import software.amazon.awssdk.services.rekognition.model.UnindexedFace;

class RekognitionMappingTest {

  private static FaceDetail detail(float width, float height) {
    return FaceDetail.builder()
        .boundingBox(BoundingBox.builder().left(0.1f).top(0.2f).width(width).height(height).build())
        .confidence(99.5f)
        .build();
  }

  @Test
  void face_percentages_becomeRatiosAndUnmeasuredFactsStayAbsent() {
    DetectedFace face = RekognitionMapping.face(detail(0.5f, 0.25f), 640, 480);

    assertThat(face.confidence().orElseThrow()).isEqualTo(0.995, org.assertj.core.api.Assertions.within(1e-6));
    assertThat(face.sizePixels()).isEqualTo(120);
    assertThat(face.brightness()).isEmpty();
    assertThat(face.pose()).isEmpty();
    assertThat(face.eyesOpen()).isEmpty();
  }

  @Test
  void faces_unsorted_comeBackLargestFirstWithoutDegenerateBoxes() {
    List<DetectedFace> faces =
        RekognitionMapping.faces(
            List.of(detail(0.1f, 0.1f), detail(0.4f, 0.4f), detail(0f, 0.2f)), 100, 100);

    assertThat(faces).hasSize(2);
    assertThat(faces.get(0).box().width()).isEqualTo(0.4, org.assertj.core.api.Assertions.within(1e-6));
  }

  @Test
  void similarity_outOfRange_isClampedAndNamesRekognitionsScale() {
    assertThat(RekognitionMapping.similarity(100.00001f).ratio()).isEqualTo(1);
    assertThat(RekognitionMapping.similarity(-0.5f).ratio()).isZero();
    assertThat(RekognitionMapping.similarity(62.5f).scale()).contains("aws:rekognition/percent");
    assertThat(RekognitionMapping.ratio(150f)).isEqualTo(1);
  }

  @Test
  void similarity_heldAgainstAThresholdOfAnotherScale_isRefused() {
    Similarity localThreshold = Similarity.ofRatio(0.6, "local:dlib-resnet29/euclidean-1.2");

    assertThatThrownBy(() -> RekognitionMapping.similarity(99f).isAtLeast(localThreshold))
        .isInstanceOf(ConfigurationException.class);
    assertThat(RekognitionMapping.similarity(99f).isAtLeast(Similarity.ofPercent(98))).isTrue();
  }

  @Test
  void face_attributeWithoutConfidence_keepsTheAnswerAndLeavesTheConfidenceAbsent() {
    FaceDetail detail = detail(0.5f, 0.5f).toBuilder()
        .eyesOpen(e -> e.value(true))
        .sunglasses(s -> s.value(false).confidence(97f))
        .faceOccluded(o -> o.value(true))
        .build();

    DetectedFace face = RekognitionMapping.face(detail, 640, 480);

    assertThat(face.eyesOpen().orElseThrow().value()).isTrue();
    assertThat(face.eyesOpen().orElseThrow().confidence()).isEmpty();
    assertThat(face.sunglasses().orElseThrow().confidence().orElseThrow()).isEqualTo(0.97, org.assertj.core.api.Assertions.within(1e-6));
    assertThat(face.occluded().orElseThrow().confidence()).isEmpty();
  }

  @Test
  void notIndexedReasons_eachRekognitionReason_mapsToItsOwnIssue() {
    assertThat(RekognitionMapping.notIndexedReasons(List.of(unindexed(
            "LOW_SHARPNESS", "EXTREME_POSE", "SMALL_BOUNDING_BOX", "LOW_BRIGHTNESS", "LOW_FACE_QUALITY",
            "LOW_CONFIDENCE", "EXCEEDS_MAX_FACES"))))
        .containsExactlyInAnyOrder(
            QualityIssue.BLURRY, QualityIssue.POSE, QualityIssue.FACE_TOO_SMALL, QualityIssue.TOO_DARK,
            QualityIssue.LOW_QUALITY, QualityIssue.LOW_CONFIDENCE, QualityIssue.MULTIPLE_FACES);
  }

  @Test
  void notIndexedReasons_onlyExceedsMaxFaces_isMultipleFacesNotLowConfidence() {
    assertThat(RekognitionMapping.notIndexedReasons(List.of(unindexed("EXCEEDS_MAX_FACES"))))
        .containsExactly(QualityIssue.MULTIPLE_FACES);
  }

  @Test
  void notIndexedReasons_reasonIdvDoesNotKnowOrNone_isOtherProviderReason() {
    assertThat(RekognitionMapping.notIndexedReasons(List.of(unindexed("SOME_NEW_REASON"))))
        .containsExactly(QualityIssue.OTHER_PROVIDER_REASON);
    assertThat(RekognitionMapping.notIndexedReasons(List.of(unindexed())))
        .containsExactly(QualityIssue.OTHER_PROVIDER_REASON);
    assertThat(RekognitionMapping.notIndexedReasons(List.of())).containsExactly(QualityIssue.NO_FACE);
  }

  @Test
  void face_withoutConfidence_leavesConfidenceAbsent() {
    FaceDetail boxOnly = FaceDetail.builder()
        .boundingBox(b -> b.left(0.1f).top(0.1f).width(0.5f).height(0.5f)).build();

    assertThat(RekognitionMapping.face(boxOnly, 640, 480).confidence()).isEmpty();
  }

  private static UnindexedFace unindexed(String... reasons) {
    return UnindexedFace.builder().reasonsWithStrings(reasons)
        .faceDetail(d -> d.boundingBox(b -> b.left(0.1f).top(0.1f).width(0.5f).height(0.5f))).build();
  }

  @Test
  void s3Location_roundTripsAndRefusesOtherSchemes() {
    S3Location location = S3Location.of(StoredImage.of("s3://ids/people/alice.jpg"));

    assertThat(location.bucket()).isEqualTo("ids");
    assertThat(location.key()).isEqualTo("people/alice.jpg");
    assertThat(location.toStoredImage()).isEqualTo(StoredImage.of("s3://ids/people/alice.jpg"));
    assertThatThrownBy(() -> S3Location.of(StoredImage.of("memory://x/y")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> S3Location.of(StoredImage.of("s3://bucket-only")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
