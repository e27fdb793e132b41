package io.github.idvkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.idvkit.IdvException;
import org.junit.jupiter.api.Test;

/** The programming errors of {@code IdentityVerifier}'s "Exceptions" list that AWS's builder raises. */
class ExceptionContractTest {

  @Test
  void tableName_tooShort_isIllegalArgument() {
    Throwable thrown = catchThrowable(() -> AwsIdentityVerifier.builder().tableName("ab"));

    assertThat(thrown).isExactlyInstanceOf(IllegalArgumentException.class).isNotInstanceOf(IdvException.class)
        .hasMessageContaining("3-255 characters");
  }

  @Test
  void build_withoutCollectionBucketOrTable_isIllegalState() {
    Throwable thrown = catchThrowable(() -> AwsIdentityVerifier.builder().collectionId("users").build());
    Throwable reconciler = catchThrowable(() -> AwsIdentityVerifier.builder().buildReconciler());

    assertThat(thrown).isExactlyInstanceOf(IllegalStateException.class);
    assertThat(reconciler).isExactlyInstanceOf(IllegalStateException.class);
  }
}
