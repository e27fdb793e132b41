package io.github.idvkit.testkit;

import io.github.idvkit.ConfigurationException;
import io.github.idvkit.FaceImage;
import io.github.idvkit.ImageSource;
import io.github.idvkit.Similarity;
import io.github.idvkit.StoredImage;
import io.github.idvkit.spi.ComparedFace;
import io.github.idvkit.spi.Comparison;
import io.github.idvkit.spi.FaceComparer;
import io.github.idvkit.spi.ImageStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link FaceComparer} that scores {@link TestFaces} images by the identities they declare:
 *
 * <ul>
 *   <li>two faces of one subject score 0.995 or more (at most 0.9999), a fixed value for each pair
 *       of image indexes;
 *   <li>a look-alike scores its declared similarity against the subject it resembles ({@link
 *       TestSubject#lookalike(String, double)});
 *   <li>strangers score 0.05 to 0.6, a fixed value for each pair of identities.
 * </ul>
 *
 * <p>A {@link StoredImage} source is read through the {@link ImageStore} given to {@link
 * #create(ImageStore)}; without one, or when the store has no such image, the comparison throws a
 * {@link ConfigurationException}, as a provider without access would.
 *
 * <pre>{@code
 * FakeFaceComparer comparer = FakeFaceComparer.create();
 * Comparison c = comparer.compare(alice.image(1), TestFaces.group("alice", "bob"));
 * // c.targetFaces(): alice's face at >= 0.995, then bob's
 * comparer.enqueue(Similarity.ofPercent(42));     // the next comparison scores every face 42 %
 * }</pre>
 *
 * <p>Thread-safe. Operation for {@link Faults}: {@code "compare"}.
 */
public final class FakeFaceComparer implements FaceComparer, ScriptableFake {

  private static final Logger LOG = LoggerFactory.getLogger(FakeFaceComparer.class);

  private final PortScript script =
      new PortScript(FakeFaceDetector.PROVIDER, "FakeFaceComparer", Set.of("compare"));
  private final @Nullable ImageStore imageStore;
  private final Deque<Similarity> enqueued = new ArrayDeque<>();

  private FakeFaceComparer(@Nullable ImageStore imageStore) {
    this.imageStore = imageStore;
  }

  /**
   * Returns a comparer that reads no stored images.
   *
   * @return the comparer
   */
  public static FakeFaceComparer create() {
    return new FakeFaceComparer(null);
  }

  /**
   * Returns a comparer that reads stored sources from {@code imageStore}.
   *
   * @param imageStore where {@link StoredImage} sources are read
   * @return the comparer
   */
  public static FakeFaceComparer create(ImageStore imageStore) {
    return new FakeFaceComparer(Objects.requireNonNull(imageStore, "imageStore"));
  }

  /**
   * Makes the next comparisons score every target face with a given similarity instead of the
   * declared one, one comparison per similarity in order. A comparison without a source or target
   * face uses none.
   *
   * @param similarities the similarities
   * @return this comparer
   */
  public FakeFaceComparer enqueue(Similarity... similarities) {
    synchronized (enqueued) {
      for (Similarity similarity : similarities) {
        enqueued.add(Objects.requireNonNull(similarity, "similarity"));
      }
    }
    return this;
  }

  /**
   * {@inheritDoc}
   *
   * @throws io.github.idvkit.InvalidImageException if an image cannot be decoded
   * @throws ConfigurationException if the source is a stored image this comparer cannot read
   */
  @Override
  public Comparison compare(ImageSource source, FaceImage target) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    return script.compute("compare", List.of(source, target), () -> doCompare(source, target));
  }

  private Comparison doCompare(ImageSource source, FaceImage target) {
    List<SeenFace> sourceFaces = SeenFace.in(resolve(source));
    if (sourceFaces.isEmpty()) {
      LOG.debug("Compared faces [sourceFace=false]");
      return Comparison.builder().build();
    }
    SeenFace sourceFace = sourceFaces.get(0);
    List<SeenFace> targetFaces = SeenFace.in(target);
    Similarity override = null;
    if (!targetFaces.isEmpty()) {
      synchronized (enqueued) {
        override = enqueued.poll();
      }
    }
    List<ComparedFace> compared = new ArrayList<>();
    for (SeenFace targetFace : targetFaces) {
      Similarity similarity = override != null ? override : sourceFace.similarityTo(targetFace);
      compared.add(ComparedFace.of(targetFace.detected().box(), similarity));
    }
    compared.sort(Comparator.comparing(ComparedFace::similarity).reversed());
    LOG.debug(
        "Compared faces [sourceFace=true, targetFaces={}, best={}]",
        compared.size(),
        compared.isEmpty() ? "none" : compared.get(0).similarity());
    return Comparison.builder()
        .sourceFace(sourceFace.detected().box())
        .sourceFaceCount(sourceFaces.size())
        .targetFaces(compared)
        .build();
  }

  private FaceImage resolve(ImageSource source) {
    if (source instanceof FaceImage image) {
      return image;
    }
    StoredImage stored = (StoredImage) source;
    if (imageStore == null) {
      throw new ConfigurationException(
          "FakeFaceComparer cannot read the stored image " + stored
              + ": create it with FakeFaceComparer.create(imageStore)");
    }
    return imageStore
        .get(stored)
        .orElseThrow(
            () -> new ConfigurationException(
                "The stored image " + stored + " does not exist; store it before comparing"));
  }

  @Override
  public Faults faults() {
    return script.faults();
  }

  @Override
  public List<Call> calls() {
    return script.calls();
  }

  @Override
  public Call takeCall() {
    return script.takeCall();
  }

  @Override
  public String toString() {
    return "FakeFaceComparer[imageStore=" + (imageStore != null) + "]";
  }
}
