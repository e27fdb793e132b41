package io.github.idvkit.spi;

import io.github.idvkit.FaceImage;

/**
 * Finds the faces in an image and reports what can be measured about each.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Thread-safe; calls have no side effects and may be repeated.
 *   <li>An image without a face yields a result with no faces, never an exception.
 *   <li>Faces are ordered largest first (by box area).
 *   <li>A fact the provider cannot measure is left absent, never guessed.
 *   <li>An image the provider cannot read throws {@link io.github.idvkit.InvalidImageException}.
 * </ul>
 */
public interface FaceDetector {

  /**
   * Detects faces.
   *
   * @param image a normalised image
   * @return the faces found, largest first; empty when there is none
   * @throws io.github.idvkit.InvalidImageException if the provider cannot read the image
   * @throws io.github.idvkit.ProviderException if the provider fails
   */
  DetectionResult detect(FaceImage image);
}
