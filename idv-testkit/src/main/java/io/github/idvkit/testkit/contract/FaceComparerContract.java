package io.github.idvkit.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.ConfigurationException;
import io.github.idvkit.FaceImage;
import io.github.idvkit.InvalidImageException;
import io.github.idvkit.Similarity;
import io.github.idvkit.StoredImage;
import io.github.idvkit.spi.Comparison;
import io.github.idvkit.spi.FaceComparer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract of {@link FaceComparer}: every provider's comparer passes this suite.
 *
 * <pre>{@code
 * class FakeFaceComparerTest extends FaceComparerContract {
 *   private final InMemoryImageStore store = InMemoryImageStore.create();
 *   @Override protected FaceComparer newSubject() { return FakeFaceComparer.create(store); }
 *   @Override protected ContractFaces faces() { return ContractFaces.synthetic(); }
 *   @Override protected StoredImage store(FaceImage image) { return store.put(..., image); }
 *   @Override protected StoredImage missingStoredImage() { return StoredImage.of("memory://images/none.jpg"); }
 * }
 * }</pre>
 */
public abstract class FaceComparerContract {

  @RegisterExtension final ImageLeakCheck imageLeakCheck = new ImageLeakCheck(() -> faces().all());

  private FaceComparer comparer;
  private ContractFaces faces;

  /** Creates the suite. */
  protected FaceComparerContract() {}

  /**
   * Returns a new comparer to test; called before every test.
   *
   * @return the comparer
   */
  protected abstract FaceComparer newSubject();

  /**
   * Returns the images to test with.
   *
   * @return the images
   */
  protected abstract ContractFaces faces();

  /**
   * Stores {@code image} where the comparer can read it as a source (an S3 object, a file).
   *
   * @param image the image
   * @return its reference
   */
  protected abstract StoredImage store(FaceImage image);

  /**
   * Returns a reference of the kind the comparer reads, to an image that does not exist.
   *
   * @return the reference
   */
  protected abstract StoredImage missingStoredImage();

  /** Releases what {@link #newSubject()} and {@link #store} made; called after every test. */
  protected void cleanUp() {}

  @BeforeEach
  final void createSubject() {
    comparer = newSubject();
    faces = faces();
  }

  @AfterEach
  final void releaseSubject() {
    cleanUp();
  }

  // "The same person's faces score higher than different people's."
  @Test
  void compare_samePerson_scoresHigherThanDifferentPeople() {
    Similarity same = best(comparer.compare(faces.personA(), faces.personAAgain()));

    Similarity different = best(comparer.compare(faces.personA(), faces.personB()));

    assertThat(same).isGreaterThan(different);
  }

  // Comparison.sourceFaceCount: "How many faces the source image shows, if the provider counts them."
  @Test
  void compare_sourceWithTwoFaces_countsBothWhereItCounts() {
    Comparison comparison = comparer.compare(faces.twoPeople(), faces.personA());

    assertThat(comparison.sourceFace()).isPresent();
    comparison.sourceFaceCount().ifPresent(count -> assertThat(count).isEqualTo(2));
  }

  @Test
  void compare_sourceWithOneFace_countsOneWhereItCounts() {
    Comparison comparison = comparer.compare(faces.personA(), faces.personAAgain());

    comparison.sourceFaceCount().ifPresent(count -> assertThat(count).isEqualTo(1));
  }

  // "The similarity of every target face is reported, matched or not: the comparer applies no
  // threshold. A target face the provider found without a similarity is listed in
  // unmatchedFaces()": an ordinary face is scored, not left unmatched.
  @Test
  void compare_differentPeople_reportsTargetFaceWithoutThreshold() {
    Comparison comparison = comparer.compare(faces.personA(), faces.personB());

    assertThat(comparison.sourceFace()).isPresent();
    assertThat(comparison.targetFaces()).hasSize(1);
    assertThat(comparison.unmatchedFaces()).isEmpty();
  }

  // "Target faces are ordered by similarity, highest first." and every target face is reported.
  @Test
  void compare_targetWithSeveralFaces_reportsEveryFaceHighestFirst() {
    Comparison comparison = comparer.compare(faces.personA(), faces.twoPeople());

    assertThat(comparison.targetFaces()).hasSize(2);
    assertThat(comparison.unmatchedFaces()).isEmpty();
    assertThat(comparison.targetFaces().get(0).similarity())
        .isGreaterThan(comparison.targetFaces().get(1).similarity());
    // Person A is the larger face of twoPeople, and the same person scores highest.
    assertThat(comparison.targetFaces().get(0).box().area())
        .isGreaterThan(comparison.targetFaces().get(1).box().area());
  }

  // "Compares the largest face of a source image"
  @Test
  void compare_sourceWithSeveralFaces_comparesItsLargestFace() {
    Comparison withA = comparer.compare(faces.twoPeople(), faces.personAAgain());

    Comparison withB = comparer.compare(faces.twoPeople(), faces.personB());

    assertThat(best(withA)).isGreaterThan(best(withB));
    assertThat(withA.sourceFace()).isPresent();
  }

  // "A source without a face yields a comparison with no source face and no target faces"
  @Test
  void compare_sourceWithoutFace_returnsNoSourceFaceAndNoTargetFaces() {
    Comparison comparison = comparer.compare(faces.noFace(), faces.personA());

    assertThat(comparison.sourceFace()).isEmpty();
    assertThat(comparison.targetFaces()).isEmpty();
    assertThat(comparison.unmatchedFaces()).isEmpty();
  }

  // "a target without a face yields no target faces. Neither is an exception."
  @Test
  void compare_targetWithoutFace_returnsSourceFaceAndNoTargetFaces() {
    Comparison comparison = comparer.compare(faces.personA(), faces.noFace());

    assertThat(comparison.sourceFace()).isPresent();
    assertThat(comparison.targetFaces()).isEmpty();
    assertThat(comparison.unmatchedFaces()).isEmpty();
  }

  // "calls have no side effects and may be repeated"
  @Test
  void compare_repeated_returnsSameComparison() {
    Comparison first = comparer.compare(faces.personA(), faces.twoPeople());

    Comparison second = comparer.compare(faces.personA(), faces.twoPeople());

    assertThat(second).isEqualTo(first);
  }

  // "Thread-safe"
  @Test
  void compare_concurrently_returnsWhatEachCallReturnsAlone() {
    List<FaceImage> targets = List.of(faces.personAAgain(), faces.personB(), faces.twoPeople());
    List<Comparison> alone = targets.stream().map(t -> comparer.compare(faces.personA(), t)).toList();

    List<Comparison> together =
        Concurrently.run(
            4 * targets.size(), n -> comparer.compare(faces.personA(), targets.get(n % targets.size())));

    for (int n = 0; n < together.size(); n++) {
      assertThat(together.get(n)).isEqualTo(alone.get(n % targets.size()));
    }
  }

  // "@param source the image whose largest face is compared, as bytes or a stored image"
  @Test
  void compare_storedSource_comparesTheStoredImage() {
    StoredImage stored = store(faces.personA());

    Similarity same = best(comparer.compare(stored, faces.personAAgain()));
    Similarity different = best(comparer.compare(stored, faces.personB()));

    assertThat(same).isGreaterThan(different);
  }

  // "A StoredImage source that the comparer cannot read throws ConfigurationException when it
  // does not exist or is not accessible."
  @Test
  void compare_missingStoredSource_throwsConfigurationException() {
    StoredImage missing = missingStoredImage();

    assertThatThrownBy(() -> comparer.compare(missing, faces.personA()))
        .isInstanceOf(ConfigurationException.class);
  }

  // "@throws InvalidImageException if an image cannot be read as an image"
  @Test
  void compare_unreadableTarget_throwsInvalidImageException() {
    assertThatThrownBy(() -> comparer.compare(faces.personA(), ContractFaces.unreadable()))
        .isInstanceOf(InvalidImageException.class);
  }

  // "@throws InvalidImageException if an image cannot be read as an image"
  @Test
  void compare_unreadableSource_throwsInvalidImageException() {
    assertThatThrownBy(() -> comparer.compare(ContractFaces.unreadable(), faces.personA()))
        .isInstanceOf(InvalidImageException.class);
  }

  private static Similarity best(Comparison comparison) {
    assertThat(comparison.bestMatch()).as("best match of %s", comparison).isPresent();
    return comparison.bestMatch().orElseThrow().similarity();
  }
}
