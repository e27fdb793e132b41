package io.github.idvkit.testkit;

import java.util.List;
import org.immutables.value.Value;

/** What a {@link TestFaces} image declares in its pixels: its index and its faces. */
@Value.Immutable
public interface TestImage {

  /** The image's index, as given to {@link TestSubject#image(int)}. */
  int index();

  /** The faces, left to right as drawn; empty for {@link TestFaces#noFace()}. */
  List<TestFace> faces();

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  static Builder builder() {
    return new Builder();
  }

  /** Builds {@link TestImage}. */
  final class Builder extends ImmutableTestImage.Builder {}
}
