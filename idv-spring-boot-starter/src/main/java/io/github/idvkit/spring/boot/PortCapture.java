package io.github.idvkit.spring.boot;

import io.github.idvkit.spi.FaceComparer;
import io.github.idvkit.spi.FaceDetector;
import io.github.idvkit.spi.FaceIndex;
import io.github.idvkit.spi.FaceRecordStore;
import io.github.idvkit.spi.ImageStore;
import io.github.idvkit.spi.PortDecorator;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the face index the provider built, so the health indicator can describe the collection
 * through the port (unobserved, so health checks do not show up as provider calls).
 */
final class PortCapture implements PortDecorator {

  private volatile @Nullable FaceIndex faceIndex;

  Optional<FaceIndex> faceIndex() {
    return Optional.ofNullable(faceIndex);
  }

  @Override
  public FaceDetector faceDetector(FaceDetector faceDetector) {
    return faceDetector;
  }

  @Override
  public FaceComparer faceComparer(FaceComparer faceComparer) {
    return faceComparer;
  }

  @Override
  public FaceIndex faceIndex(FaceIndex faceIndex) {
    this.faceIndex = faceIndex;
    return faceIndex;
  }

  @Override
  public ImageStore imageStore(ImageStore imageStore) {
    return imageStore;
  }

  @Override
  public FaceRecordStore faceRecordStore(FaceRecordStore faceRecordStore) {
    return faceRecordStore;
  }
}
