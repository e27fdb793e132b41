package io.github.idvkit.testkit;

import io.github.idvkit.ForgetResult;
import org.assertj.core.api.AbstractObjectAssert;

/** Assertions on a {@link ForgetResult}; start with {@link IdvAssertions#assertThat(ForgetResult)}. */
public final class ForgetResultAssert extends AbstractObjectAssert<ForgetResultAssert, ForgetResult> {

  ForgetResultAssert(ForgetResult actual) {
    super(actual, ForgetResultAssert.class);
  }

  /**
   * Verifies nothing was erased (the user was unknown or already forgotten).
   *
   * @return this
   */
  public ForgetResultAssert deletedNothing() {
    isNotNull();
    if (actual.anythingDeleted()) {
      failWithMessage("Expected nothing to be erased, but the receipt was %s", Describing.forget(actual));
    }
    return this;
  }

  /**
   * Verifies how many faces were deleted from the index.
   *
   * @param expected the count
   * @return this
   */
  public ForgetResultAssert deletedFaces(int expected) {
    isNotNull();
    if (actual.deletedFaces().size() != expected) {
      failWithMessage("Expected %s face(s) erased, but the receipt was %s", expected, Describing.forget(actual));
    }
    return this;
  }

  /**
   * Verifies how many stored images were deleted.
   *
   * @param expected the count
   * @return this
   */
  public ForgetResultAssert deletedImages(int expected) {
    isNotNull();
    if (actual.deletedImages() != expected) {
      failWithMessage("Expected %s image(s) erased, but the receipt was %s", expected, Describing.forget(actual));
    }
    return this;
  }

  /**
   * Verifies how many face records were deleted.
   *
   * @param expected the count
   * @return this
   */
  public ForgetResultAssert deletedRecords(int expected) {
    isNotNull();
    if (actual.deletedRecords() != expected) {
      failWithMessage("Expected %s record(s) erased, but the receipt was %s", expected, Describing.forget(actual));
    }
    return this;
  }
}
