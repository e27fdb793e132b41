package io.github.idvkit;

import org.immutables.value.Value;

/**
 * Where a face lies in an image, as ratios of the image's width and height (0 to 1), the way
 * Rekognition reports boxes; independent of the image's pixel size.
 */
@Value.Immutable
public interface BoundingBox {

  /** The left edge, as a ratio of the image width. */
  double left();

  /** The top edge, as a ratio of the image height. */
  double top();

  /** The width, as a ratio of the image width. */
  double width();

  /** The height, as a ratio of the image height. */
  double height();

  /** Checks the box is not degenerate. Boxes may extend past the edges, as providers report. */
  @Value.Check
  default void check() {
    if (!(width() > 0 && height() > 0 && width() <= 2 && height() <= 2)) {
      throw new IllegalArgumentException(
          "A bounding box needs a width and height in (0, 2], got " + width() + "x" + height());
    }
    if (!Double.isFinite(left()) || !Double.isFinite(top())) {
      throw new IllegalArgumentException("A bounding box needs finite coordinates");
    }
  }

  /**
   * Returns the box area as a ratio of the image area.
   *
   * @return the area
   */
  default double area() {
    return width() * height();
  }

  /**
   * Returns a box.
   *
   * @param left left edge ratio
   * @param top top edge ratio
   * @param width width ratio
   * @param height height ratio
   * @return the box
   */
  static BoundingBox of(double left, double top, double width, double height) {
    return builder().left(left).top(top).width(width).height(height).build();
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  static Builder builder() {
    return new Builder();
  }

  /** Builds {@link BoundingBox}. */
  final class Builder extends ImmutableBoundingBox.Builder {}
}
