package io.github.idvkit.examples.web;

import io.github.idvkit.BoundingBox;
import io.github.idvkit.DetectedFace;
import io.github.idvkit.FaceId;
import io.github.idvkit.FaceImage;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.CollectionInfo;
import io.github.idvkit.spi.DetectionResult;
import io.github.idvkit.spi.FaceComparer;
import io.github.idvkit.spi.FaceDetector;
import io.github.idvkit.spi.FaceIndex;
import io.github.idvkit.spi.ForwardingFaceIndex;
import io.github.idvkit.spi.FaceRecordStore;
import io.github.idvkit.spi.ImageStore;
import io.github.idvkit.spi.IndexResult;
import io.github.idvkit.spi.IndexedFace;
import io.github.idvkit.spi.PortDecorator;
import io.github.idvkit.spi.SearchResult;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Remembers, per request thread, the largest face the provider found in the first image a flow
 * looked at, so the page can draw the box the decision was made on. A {@link PortDecorator}: the
 * flows stay as they are.
 */
final class FaceBoxes implements PortDecorator {

  private final ThreadLocal<BoundingBox> first = new ThreadLocal<>();

  /** Forgets the box of the previous request on this thread. */
  void reset() {
    first.remove();
  }

  /** Returns the box of the first face seen since {@link #reset()}. */
  Optional<BoundingBox> box() {
    return Optional.ofNullable(first.get());
  }

  private void saw(List<DetectedFace> faces) {
    if (first.get() == null) {
      faces.stream()
          .max(Comparator.comparingDouble(f -> f.box().area()))
          .ifPresent(f -> first.set(f.box()));
    }
  }

  @Override
  public FaceDetector faceDetector(FaceDetector faceDetector) {
    return image -> {
      DetectionResult result = faceDetector.detect(image);
      saw(result.faces());
      return result;
    };
  }

  @Override
  public FaceComparer faceComparer(FaceComparer faceComparer) {
    return faceComparer;
  }

  @Override
  public FaceIndex faceIndex(FaceIndex faceIndex) {
    return new SearchWatcher(faceIndex);
  }

  @Override
  public ImageStore imageStore(ImageStore imageStore) {
    return imageStore;
  }

  @Override
  public FaceRecordStore faceRecordStore(FaceRecordStore faceRecordStore) {
    return faceRecordStore;
  }

  /** Delegates everything; watches the faces a search found in the probe. */
  private final class SearchWatcher extends ForwardingFaceIndex {
    private final FaceIndex d;

    SearchWatcher(FaceIndex delegate) {
      this.d = delegate;
    }

    @Override
    protected FaceIndex delegate() {
      return d;
    }

    @Override
    public SearchResult search(FaceImage probe, int maxUsers) {
      SearchResult result = d.search(probe, maxUsers);
      saw(result.probeFaces());
      return result;
    }
  }
}
