package io.github.idvkit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.idvkit.ConfigurationException;
import io.github.idvkit.FaceId;
import io.github.idvkit.Similarity;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.Comparison;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFaceComparerTest {

  private final LocalFaceComparer comparer =
      LocalFaceComparer.builder().engine(SharedLocalEngine.get()).build();

  @Test
  void compare_samePersonInTwoPhotos_scoresAboveTheMatchThreshold() {
    Comparison c = comparer.compare(RealFaces.personAAgain(), RealFaces.personA());

    assertThat(c.sourceFace()).isPresent();
    assertThat(c.targetFaces()).hasSize(1);
    double distance = LocalSimilarity.distance(c.bestMatch().orElseThrow().similarity());
    assertThat(distance).isLessThan(LocalSimilarity.MATCH_DISTANCE);
  }

  @Test
  void compare_differentPeople_scoreBelowTheMatchThreshold() {
    for (TestPhotos other : TestPhotos.values()) {
      Comparison c = comparer.compare(RealFaces.personAAgain(), other.image());

      assertThat(LocalSimilarity.distance(c.bestMatch().orElseThrow().similarity()))
          .as(other.fileName())
          .isGreaterThan(LocalSimilarity.MATCH_DISTANCE);
    }
  }

  @Test
  void compare_targetWithTwoFaces_ordersThemBySimilarity() {
    Comparison c =
        comparer.compare(
            RealFaces.personAAgain(),
            RealFaces.sideBySide(TestPhotos.ASTRONAUT.image(), RealFaces.personA(), 0.8));

    assertThat(c.targetFaces()).hasSize(2);
    // person A is the smaller face, on the right, yet ranks first
    assertThat(c.targetFaces().get(0).box().left()).isGreaterThan(0.5);
  }

  @Test
  void compare_sourceWithoutFace_returnsNoFaces() {
    Comparison c = comparer.compare(RealFaces.noFace(), TestPhotos.ASTRONAUT.image());

    assertThat(c.sourceFace()).isEmpty();
    assertThat(c.targetFaces()).isEmpty();
  }

  @Test
  void compare_targetWithoutFace_returnsTheSourceFaceOnly() {
    Comparison c = comparer.compare(TestPhotos.ASTRONAUT.image(), RealFaces.noFace());

    assertThat(c.sourceFace()).isPresent();
    assertThat(c.targetFaces()).isEmpty();
  }

  @Test
  void compare_storedSource_readsItThroughTheImageStore(@TempDir Path dir) {
    FileSystemImageStore store = FileSystemImageStore.builder().directory(dir).build();
    StoredImage id = store.put(UserId.of("u"), FaceId.of("id-photo"), RealFaces.personAAgain());
    LocalFaceComparer withStore =
        LocalFaceComparer.builder().engine(SharedLocalEngine.get()).imageStore(store).build();

    Comparison c = withStore.compare(id, RealFaces.personA());

    assertThat(c.bestMatch()).isPresent();
  }

  @Test
  void compare_missingStoredSource_throwsConfigurationException(@TempDir Path dir) {
    FileSystemImageStore store = FileSystemImageStore.builder().directory(dir).build();
    LocalFaceComparer withStore =
        LocalFaceComparer.builder().engine(SharedLocalEngine.get()).imageStore(store).build();
    StoredImage missing = new StoredImage(dir.resolve("faces/none/x.jpg").toUri());

    assertThatThrownBy(() -> withStore.compare(missing, TestPhotos.ASTRONAUT.image()))
        .isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> comparer.compare(missing, TestPhotos.ASTRONAUT.image()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("imageStore");
  }

  @Test
  void similarity_distanceMapping_isExactlyInvertible() {
    for (double d : new double[] {0, 0.3717, 0.45, 0.6, 1.1}) {
      Similarity s = LocalSimilarity.fromDistance(d);

      assertThat(LocalSimilarity.distance(s)).isCloseTo(d, within(1e-12));
    }
    assertThat(LocalSimilarity.fromDistance(5)).isEqualTo(Similarity.ZERO.withScale(LocalSimilarity.SCALE));
    assertThat(LocalSimilarity.MATCH_SIMILARITY).isCloseTo(0.625, within(1e-12));
  }

  @Test
  void compare_holdsTheSourcesMirrorAveragedFaceAgainstTheTargetsSingleOne() throws Exception {
    LocalFaceEngine local = SharedLocalEngine.get();
    LocalFaceComparer comparer = LocalFaceComparer.builder().engine(local).build();
    io.github.idvkit.local.internal.Analysis source = local.engine().analyze(RealFaces.personAAgain());
    io.github.idvkit.local.internal.Analysis target = local.engine().analyze(RealFaces.personA());

    Comparison c = comparer.compare(RealFaces.personAAgain(), RealFaces.personA());

    double expected =
        io.github.idvkit.local.internal.Descriptors.distance(source.enrolmentDescriptor(0), target.descriptor(0));
    assertThat(c.targetFaces().get(0).similarity()).isEqualTo(local.descriptorModel().similarity(expected));
  }
}
