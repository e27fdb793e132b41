package io.github.idvkit.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.local.FaceApiSamples;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real-photo checks on the face-api demo photos (fetched at test time, never committed): the one
 * known same-person pair, the woman on the right of sample1 and in the middle of sample3.
 */
class SamePersonTest {

  /** Faces per sample, found by the research prototype and checked by eye. */
  private static final int[] FACES = {3, 2, 3, 4, 5, 4};

  private static final List<List<float[]>> DESCRIPTORS = new ArrayList<>();

  @BeforeAll
  static void embedAllSamples() throws Exception {
    FaceEngine engine = SharedEngine.get();
    for (int n = 1; n <= 6; n++) {
      RgbImage image = engine.decode(new ByteArrayInputStream(FaceApiSamples.sample(n)));
      List<FaceDetection> faces = new ArrayList<>();
      for (FaceEngine.AnalyzedFace f : engine.detect(image)) {
        faces.add(f.detection());
      }
      faces.sort(Comparator.comparingDouble(FaceDetection::left)); // left to right
      DESCRIPTORS.add(engine.embed(image, faces));
    }
  }

  @Test
  void detect_demoPhotos_findsTheExpectedFaceCounts() {
    for (int n = 1; n <= 6; n++) {
      assertThat(DESCRIPTORS.get(n - 1)).as("faces in sample%d", n).hasSize(FACES[n - 1]);
    }
  }

  @Test
  void embed_samePersonInTwoPhotos_isEachOthersNearestFace() {
    float[] sample1Right = DESCRIPTORS.get(0).get(2);
    float[] sample3Middle = DESCRIPTORS.get(2).get(1);

    assertThat(nearest(sample1Right)).isSameAs(sample3Middle);
    assertThat(nearest(sample3Middle)).isSameAs(sample1Right);
  }

  @Test
  void embed_samePersonPair_isCloserThanEveryDifferentPersonPairInOnePhoto() {
    double genuine = Descriptors.distance(DESCRIPTORS.get(0).get(2), DESCRIPTORS.get(2).get(1));
    double closestImpostor = Double.MAX_VALUE;
    for (List<float[]> photo : DESCRIPTORS) {
      for (int i = 0; i < photo.size(); i++) {
        for (int j = i + 1; j < photo.size(); j++) {
          closestImpostor = Math.min(closestImpostor, Descriptors.distance(photo.get(i), photo.get(j)));
        }
      }
    }

    assertThat(genuine).isLessThan(0.45);
    assertThat(closestImpostor).isGreaterThan(0.45);
    assertThat(genuine).isLessThan(closestImpostor);
  }

  private static float[] nearest(float[] probe) {
    float[] best = null;
    double bestDistance = Double.MAX_VALUE;
    for (List<float[]> photo : DESCRIPTORS) {
      for (float[] d : photo) {
        double distance = Descriptors.distance(probe, d);
        if (d != probe && distance < bestDistance) {
          bestDistance = distance;
          best = d;
        }
      }
    }
    return best;
  }
}
