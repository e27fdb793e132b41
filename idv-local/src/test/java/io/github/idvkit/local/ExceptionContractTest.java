package io.github.idvkit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;

/** The programming errors of {@code IdentityVerifier}'s "Exceptions" list that the local builder raises. */
class ExceptionContractTest {

  @Test
  void build_withoutADataDirectory_isIllegalState() {
    assertThat(catchThrowable(() -> LocalIdentityVerifier.builder().build()))
        .isExactlyInstanceOf(IllegalStateException.class).hasMessageContaining("dataDirectory(...)");
    assertThat(catchThrowable(() -> LocalIdentityVerifier.builder().buildReconciler()))
        .isExactlyInstanceOf(IllegalStateException.class);
  }
}
