package io.github.idvkit.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DescriptorsTest {

  @Test
  void distance_knownVectors_isEuclidean() {
    float[] a = {0, 0, 0, 0, 0};
    float[] b = {3, 4, 0, 0, 0};

    assertThat(Descriptors.distance(a, b)).isCloseTo(5, within(1e-6));
    assertThat(Descriptors.squaredDistance(b, a)).isCloseTo(25f, within(1e-5f));
  }

  @Test
  void distance_differentLengths_throws() {
    assertThatThrownBy(() -> Descriptors.distance(new float[2], new float[3]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
