package io.github.idvkit.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.FaceImage;
import io.github.idvkit.local.LocalIdentityVerifier;
import io.github.idvkit.local.TestPhotos;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DrawingLikenessTest {

  private static final int SIDE = FaceAligner.CHIP_SIZE;

  @Test
  void measure_singleColourChip_readsFlatAndAllEdgesInOnePlace() {
    float[] chip = new float[SIDE * SIDE * 3];
    java.util.Arrays.fill(chip, 180f);

    assertThat(DrawingLikeness.measure(chip)).isEqualTo(2.0);
  }

  @Test
  void measure_shadedNoisyChip_readsLikeAPhoto() {
    float[] chip = new float[SIDE * SIDE * 3];
    Random random = new Random(1);
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < SIDE; x++) {
        for (int c = 0; c < 3; c++) {
          chip[3 * (y * SIDE + x) + c] = (float) (100 + 0.5 * x + 8 * random.nextGaussian());
        }
      }
    }

    assertThat(DrawingLikeness.measure(chip)).isLessThan(FacePlausibility.MAX_DRAWING_LIKENESS - 0.1);
  }

  @Test
  void measure_flatFillsWithOutlines_readsAsADrawing() {
    float[] chip = new float[SIDE * SIDE * 3];
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < SIDE; x++) {
        boolean outline = x % 25 == 0 || y % 30 == 0;
        for (int c = 0; c < 3; c++) {
          chip[3 * (y * SIDE + x) + c] = outline ? 20f : 230f - 10 * c;
        }
      }
    }

    assertThat(DrawingLikeness.measure(chip)).isGreaterThan(FacePlausibility.MAX_DRAWING_LIKENESS + 0.5);
  }

  /** The committed real portraits read well below the bar, as given and as the flows normalise them. */
  @ParameterizedTest
  @EnumSource(TestPhotos.class)
  void detect_realPortrait_doesNotLookDrawn(TestPhotos photo) throws Exception {
    FaceEngine engine = SharedEngine.get();
    FaceImage given = photo.image();

    for (FaceImage image : List.of(given, given.normalize(LocalIdentityVerifier.imageLimits()))) {
      RgbImage rgb = engine.decode(new ByteArrayInputStream(image.bytes()));
      FaceEngine.AnalyzedFace face = engine.detect(rgb).get(0);

      assertThat(face.quality().drawingLikeness())
          .as(photo.fileName())
          .isLessThan(FacePlausibility.MAX_DRAWING_LIKENESS - 0.1);
      assertThat(FacePlausibility.plausibleWithoutDescriptor(face)).as(photo.fileName()).isTrue();
    }
  }

  @Test
  void select_randomValues_splitsAtTheRankAsSortingWould() {
    Random random = new Random(7);
    for (int round = 0; round < 200; round++) {
      float[] values = new float[1 + random.nextInt(300)];
      for (int i = 0; i < values.length; i++) {
        values[i] = random.nextInt(20); // many ties, as flat drawings give
      }
      float[] sorted = values.clone();
      java.util.Arrays.sort(sorted);
      int k = random.nextInt(values.length);

      DrawingLikeness.select(values, k);

      assertThat(values[k]).isEqualTo(sorted[k]);
      for (int i = 0; i < values.length; i++) {
        if (i < k) {
          assertThat(values[i]).isLessThanOrEqualTo(values[k]);
        } else {
          assertThat(values[i]).isGreaterThanOrEqualTo(values[k]);
        }
      }
    }
  }
}
