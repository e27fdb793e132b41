package io.github.idvkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.ConfigurationException;
import io.github.idvkit.FaceId;
import io.github.idvkit.FaceImage;
import io.github.idvkit.Similarity;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.Comparison;
import io.github.idvkit.spi.FaceComparer;
import io.github.idvkit.testkit.contract.ContractFaces;
import io.github.idvkit.testkit.contract.FaceComparerContract;
import org.junit.jupiter.api.Test;

class FakeFaceComparerTest extends FaceComparerContract {

  private final InMemoryImageStore store = InMemoryImageStore.create();
  private final FakeFaceComparer comparer = FakeFaceComparer.create();
  private final TestSubject alice = TestFaces.subject("alice");

  @Override
  protected FaceComparer newSubject() {
    return FakeFaceComparer.create(store);
  }

  @Override
  protected ContractFaces faces() {
    return ContractFaces.synthetic();
  }

  @Override
  protected StoredImage store(FaceImage image) {
    return store.put(UserId.of("id-photos"), FaceId.of("id-photo-1"), image);
  }

  @Override
  protected StoredImage missingStoredImage() {
    return StoredImage.of("memory://images/faces/none.jpg");
  }

  private Similarity best(FaceImage source, FaceImage target) {
    return comparer.compare(source, target).bestMatch().orElseThrow().similarity();
  }

  @Test
  void compare_sameSubject_scoresAtLeast995() {
    for (int i = 1; i <= 5; i++) {
      assertThat(best(alice.image(i), alice.image(i + 1)).ratio()).isBetween(0.995, 1.0);
    }
    assertThat(best(alice.image(1), alice.withSunglasses().dark().image(7)).ratio()).isGreaterThanOrEqualTo(0.995);
  }

  @Test
  void compare_sameImagePair_isDeterministicAndSymmetric() {
    Similarity forward = best(alice.image(1), alice.image(4));

    assertThat(best(alice.image(1), alice.image(4))).isEqualTo(forward);
    assertThat(best(alice.image(4), alice.image(1))).isEqualTo(forward);
    assertThat(best(alice.image(1), alice.image(5))).isNotEqualTo(forward);
  }

  @Test
  void compare_strangers_scoreBetween5And60Percent() {
    String[] names = {"bob", "carol", "dave", "erin", "frank", "grace"};
    for (String name : names) {
      assertThat(best(alice.image(1), TestFaces.subject(name).image(1)).ratio()).isBetween(0.05, 0.6);
    }
  }

  @Test
  void compare_lookalike_scoresDeclaredSimilarityBothWays() {
    TestSubject mallory = alice.lookalike("mallory", 0.97);

    assertThat(best(alice.image(1), mallory.image(1))).isEqualTo(Similarity.ofRatio(0.97));
    assertThat(best(mallory.image(2), alice.image(3))).isEqualTo(Similarity.ofRatio(0.97));
    assertThat(best(mallory.image(1), mallory.image(2)).ratio()).isGreaterThanOrEqualTo(0.995);
    assertThat(best(mallory.image(1), TestFaces.subject("mallory").image(2)).ratio())
        .isGreaterThanOrEqualTo(0.995);
    assertThat(best(mallory.image(1), TestFaces.subject("bob").image(1)).ratio()).isLessThanOrEqualTo(0.6);
  }

  @Test
  void compare_group_scoresEachFace() {
    Comparison comparison = comparer.compare(alice.image(1), TestFaces.group("bob", "alice"));

    assertThat(comparison.targetFaces()).hasSize(2);
    assertThat(comparison.targetFaces().get(0).box().left()).isGreaterThan(0.5);
  }

  @Test
  void compare_enqueuedSimilarity_isUsedOnceForEveryTargetFace() {
    comparer.enqueue(Similarity.ofPercent(42));

    Comparison scripted = comparer.compare(alice.image(1), TestFaces.group("alice", "bob"));
    Comparison next = comparer.compare(alice.image(1), alice.image(2));

    assertThat(scripted.targetFaces()).allSatisfy(
        face -> assertThat(face.similarity()).isEqualTo(Similarity.ofPercent(42)));
    assertThat(next.bestMatch().orElseThrow().similarity().ratio()).isGreaterThanOrEqualTo(0.995);
  }

  @Test
  void compare_storedSourceWithoutStore_throwsConfigurationException() {
    StoredImage stored = StoredImage.of("s3://ids/alice.jpg");

    assertThatThrownBy(() -> comparer.compare(stored, alice.image(1)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("create(imageStore)");
  }

  @Test
  void compare_storedSourceOfAnotherStore_throwsConfigurationException() {
    FakeFaceComparer withStore = FakeFaceComparer.create(store);

    assertThatThrownBy(() -> withStore.compare(StoredImage.of("s3://ids/alice.jpg"), alice.image(1)))
        .isInstanceOf(ConfigurationException.class);
  }
}
