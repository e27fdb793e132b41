package io.github.idvkit.spi;

import io.github.idvkit.FaceImage;
import io.github.idvkit.ImageSource;

/**
 * Compares the largest face of a source image (for example an ID photo) with every face of a
 * target image (for example a selfie).
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Thread-safe; calls have no side effects and may be repeated.
 *   <li>The similarity of every target face is reported, matched or not: the comparer applies no
 *       threshold. A target face the provider found without a similarity is listed in {@link
 *       Comparison#unmatchedFaces()}, never given an invented score.
 *   <li>A source without a face yields a comparison with no source face and no target faces; a
 *       target without a face yields no target faces. Neither is an exception.
 *   <li>Target faces are ordered by similarity, highest first.
 *   <li>The same person's faces score higher than different people's.
 *   <li>A {@link io.github.idvkit.StoredImage} source that the comparer cannot read throws {@link
 *       io.github.idvkit.ConfigurationException} when it does not exist or is not accessible.
 * </ul>
 */
public interface FaceComparer {

  /**
   * Compares faces.
   *
   * @param source the image whose largest face is compared, as bytes or a stored image
   * @param target a normalised image whose faces are compared against the source face
   * @return the comparison
   * @throws io.github.idvkit.InvalidImageException if an image cannot be read as an image
   * @throws io.github.idvkit.ConfigurationException if a stored source does not exist or is not
   *     accessible
   * @throws io.github.idvkit.ProviderException if the provider fails
   */
  Comparison compare(ImageSource source, FaceImage target);
}
