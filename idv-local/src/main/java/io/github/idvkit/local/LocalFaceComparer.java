package io.github.idvkit.local;

import ai.onnxruntime.OrtException;
import io.github.idvkit.BoundingBox;
import io.github.idvkit.FaceImage;
import io.github.idvkit.ImageSource;
import io.github.idvkit.StoredImage;
import io.github.idvkit.local.internal.Descriptors;
import io.github.idvkit.local.internal.Analysis;
import io.github.idvkit.local.internal.FaceEngine;
import io.github.idvkit.local.internal.FaceMapping;
import io.github.idvkit.local.internal.LocalFailures;
import io.github.idvkit.spi.ComparedFace;
import io.github.idvkit.spi.Comparison;
import io.github.idvkit.spi.FaceComparer;
import io.github.idvkit.spi.ImageStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link FaceComparer} on the offline engine: the largest source face and every target face are
 * embedded with the dlib descriptor and compared by Euclidean distance, mapped onto {@link
 * io.github.idvkit.Similarity} by {@link LocalSimilarity} (exactly invertible, so the raw distance
 * is {@code LocalSimilarity.distance(face.similarity())}).
 *
 * <pre>{@code
 * try (LocalFaceComparer comparer = LocalFaceComparer.builder().engine(engine).build()) {
 *   Comparison c = comparer.compare(FaceImage.fromPath(idPhoto), FaceImage.fromPath(selfie));
 *   boolean same = c.bestMatch()
 *       .map(f -> LocalSimilarity.distance(f.similarity()) <= LocalSimilarity.MATCH_DISTANCE)
 *       .orElse(false);
 * }
 * }</pre>
 *
 * <p>A {@link StoredImage} source is read through the {@link ImageStore} given to the builder
 * (for example the {@link FileSystemImageStore} of a {@link LocalIdentityVerifier}).
 *
 * <p>Thread-safe. Closes its engine only if it created it.
 */
public final class LocalFaceComparer implements FaceComparer, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalFaceComparer.class);

  private final LocalFaceEngine engine;
  private final boolean ownsEngine;
  private final @Nullable ImageStore imageStore;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalFaceComparer(LocalFaceEngine engine, boolean ownsEngine, @Nullable ImageStore store) {
    this.engine = engine;
    this.ownsEngine = ownsEngine;
    this.imageStore = store;
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Compares the largest source face with every target face.
   *
   * @param source the image whose largest face is compared, as bytes or a stored image
   * @param target the image whose faces are compared against it
   * @return the comparison, target faces ordered by similarity, highest first
   * @throws io.github.idvkit.InvalidImageException if an image cannot be decoded
   * @throws io.github.idvkit.ConfigurationException if a stored source does not exist, or no image
   *     store was configured to read it
   * @throws io.github.idvkit.ProviderException if the engine fails
   * @throws IllegalStateException if the engine is closed
   */
  @Override
  public Comparison compare(ImageSource source, FaceImage target) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    FaceEngine e = engine.engine();
    FaceImage sourceImage = resolve(source);
    try {
      Analysis src = e.analyze(sourceImage);
      if (src.faces().isEmpty()) {
        LOG.debug("Compared faces [provider=local, sourceFace=false]");
        return Comparison.builder().build();
      }
      float[] sourceDescriptor = src.enrolmentDescriptor(0);
      Analysis tgt = e.analyze(target);
      List<float[]> descriptors = tgt.descriptors();
      List<ComparedFace> compared = new ArrayList<>(descriptors.size());
      for (int i = 0; i < descriptors.size(); i++) {
        double distance = Descriptors.distance(sourceDescriptor, descriptors.get(i));
        compared.add(
            ComparedFace.of(
                FaceMapping.box(tgt.image(), tgt.faces().get(i).detection()),
                engine.descriptorModel().similarity(distance)));
      }
      compared.sort(Comparator.comparing(ComparedFace::similarity).reversed());
      BoundingBox sourceBox = FaceMapping.box(src.image(), src.faces().get(0).detection());
      LOG.debug(
          "Compared faces [provider=local, targetFaces={}, best={}]",
          compared.size(),
          compared.isEmpty() ? "none" : compared.get(0).similarity());
      return Comparison.builder()
          .sourceFace(sourceBox)
          .sourceFaceCount(src.faces().size())
          .targetFaces(compared)
          .build();
    } catch (OrtException ex) {
      throw LocalFailures.failed("CompareFaces", ex);
    }
  }

  private FaceImage resolve(ImageSource source) {
    if (source instanceof FaceImage image) {
      return image;
    }
    StoredImage stored = (StoredImage) source;
    if (imageStore == null) {
      throw LocalFailures.misconfigured(
          "The source " + stored.scheme() + ":// image cannot be read: this LocalFaceComparer has"
              + " no image store; build it with LocalFaceComparer.builder().imageStore(...)",
          null);
    }
    // Normalised like an uploaded image (EXIF orientation applied, downscaled to the engine's
    // working size), so that a stored ID photo is seen upright, as the selfie it is compared with.
    return imageStore
        .get(stored)
        .orElseThrow(
            () ->
                LocalFailures.misconfigured(
                    "The stored source image does not exist in the image store; check the"
                        + " reference",
                    null))
        .normalize(LocalIdentityVerifier.imageLimits());
  }

  /** Closes the engine if this comparer created it. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && ownsEngine) {
      engine.close();
    }
  }

  /** Builds a {@link LocalFaceComparer}. Not thread-safe. */
  public static final class Builder {
    private @Nullable LocalFaceEngine engine;
    private @Nullable ImageStore imageStore;

    private Builder() {}

    /**
     * Uses this engine; the comparer will not close it. Without one, the comparer creates an
     * engine with default settings and closes it on {@link #close()}.
     *
     * @param engine the engine
     * @return this builder
     */
    public Builder engine(LocalFaceEngine engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
      return this;
    }

    /**
     * Sets the store that {@link StoredImage} sources are read from; none by default, in which
     * case a stored source throws {@link io.github.idvkit.ConfigurationException}.
     *
     * @param imageStore the store
     * @return this builder
     */
    public Builder imageStore(ImageStore imageStore) {
      this.imageStore = Objects.requireNonNull(imageStore, "imageStore");
      return this;
    }

    /**
     * Builds the comparer.
     *
     * @return the comparer
     * @throws io.github.idvkit.ConfigurationException if it must create an engine and cannot
     */
    public LocalFaceComparer build() {
      return engine != null
          ? new LocalFaceComparer(engine, false, imageStore)
          : new LocalFaceComparer(LocalFaceEngine.create(), true, imageStore);
    }
  }
}
