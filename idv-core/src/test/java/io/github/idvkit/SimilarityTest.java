package io.github.idvkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SimilarityTest {

  @Test
  void ofPercent_mapsOntoTheRatioScale() {
    assertThat(Similarity.ofPercent(99).ratio()).isEqualTo(0.99);
    assertThat(Similarity.ofRatio(0.5).percent()).isEqualTo(50);
  }

  @Test
  void ofRatio_outsideZeroToOne_isRejected() {
    assertThatThrownBy(() -> Similarity.ofRatio(1.01)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Similarity.ofRatio(-0.01)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Similarity.ofRatio(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Similarity.ofPercent(100.5)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void isAtLeast_comparesOnOneScale() {
    assertThat(Similarity.ofPercent(99).isAtLeast(Similarity.ofRatio(0.99))).isTrue();
    assertThat(Similarity.ofPercent(98.99).isAtLeast(Similarity.ofRatio(0.99))).isFalse();
  }

  @Test
  void toString_showsPercentWithTwoDecimals() {
    assertThat(Similarity.ofRatio(0.99123)).hasToString("99.12%");
  }

  @Test
  void isAtLeast_thresholdOfAnotherScale_isRefusedNamingBoth() {
    Similarity local = Similarity.ofRatio(0.7, "local:dlib");
    Similarity aws = Similarity.ofRatio(0.6, "aws:rekognition/percent");

    assertThatThrownBy(() -> local.isAtLeast(aws))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("local:dlib")
        .hasMessageContaining("aws:rekognition/percent");
  }

  @Test
  void isAtLeast_sameScaleOrThresholdWithoutScale_compares() {
    Similarity local = Similarity.ofRatio(0.7, "local:dlib");

    assertThat(local.isAtLeast(Similarity.ofRatio(0.6, "local:dlib"))).isTrue();
    assertThat(local.isAtLeast(Similarity.ofRatio(0.8))).isFalse();
    assertThat(Similarity.ofRatio(0.7).isAtLeast(Similarity.ofRatio(0.6, "local:dlib"))).isTrue();
  }

  @Test
  void scale_isKeptAndTakesPartInEquality() {
    Similarity scaled = Similarity.ofRatio(0.5).withScale("local:dlib");

    assertThat(scaled.scale()).contains("local:dlib");
    assertThat(Similarity.ofRatio(0.5).scale()).isEmpty();
    assertThat(scaled).isEqualTo(Similarity.ofRatio(0.5, "local:dlib")).isNotEqualTo(Similarity.ofRatio(0.5));
    assertThat(scaled).hasSameHashCodeAs(Similarity.ofRatio(0.5, "local:dlib"));
    assertThat(scaled.compareTo(Similarity.ofRatio(0.5))).isZero();
    assertThatThrownBy(() -> Similarity.ofRatio(0.5, " ")).isInstanceOf(IllegalArgumentException.class);
  }
}
