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
}
