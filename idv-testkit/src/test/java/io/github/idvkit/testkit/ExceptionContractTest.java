package io.github.idvkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.idvkit.IdvException;
import io.github.idvkit.UserId;
import io.github.idvkit.VerificationPolicy;
import org.junit.jupiter.api.Test;

/**
 * Pins each programming error {@code IdentityVerifier}'s Javadoc ("Exceptions") names as a JDK
 * exception, never an {@link IdvException}: callers who catch {@code IdvException} for failures
 * are told exactly which misuses they will not catch. The AWS and local builders' cases are pinned
 * in their modules ({@code ExceptionContractTest} there).
 */
class ExceptionContractTest {

  private final InMemoryIdentityVerifier idv = InMemoryIdentityVerifier.create();

  private static void assertProgrammingError(Throwable thrown, Class<? extends RuntimeException> type) {
    assertThat(thrown).isExactlyInstanceOf(type).isNotInstanceOf(IdvException.class);
  }

  @Test
  void userId_blankOverLongOrWithControlCharacters_isIllegalArgument() {
    assertProgrammingError(catchThrowable(() -> UserId.of(" ")), IllegalArgumentException.class);
    assertProgrammingError(catchThrowable(() -> UserId.of("a".repeat(UserId.MAX_LENGTH + 1))), IllegalArgumentException.class);
    assertProgrammingError(catchThrowable(() -> UserId.of("alice\nbob")), IllegalArgumentException.class);
  }

  @Test
  void register_withABlankUserId_isIllegalArgument() {
    Throwable thrown = catchThrowable(() ->
        idv.register(req -> req.userId(" ").selfie(TestFaces.subject("alice").image(1))));

    assertProgrammingError(thrown, IllegalArgumentException.class);
  }

  @Test
  void identify_withIdentificationOff_isIllegalState() {
    assertThat(idv.policy().identificationEnabled()).isFalse();

    Throwable thrown = catchThrowable(() -> idv.identify(req -> req.selfie(TestFaces.subject("alice").image(1))));

    assertProgrammingError(thrown, IllegalStateException.class);
  }

  @Test
  void request_withoutItsSelfie_isIllegalState() {
    Throwable thrown = catchThrowable(() -> idv.login(req -> req.userId("alice")));

    assertProgrammingError(thrown, IllegalStateException.class);
  }

  @Test
  void policy_withAMarginOutOfRange_isIllegalArgument() {
    Throwable thrown = catchThrowable(() ->
        VerificationPolicy.builder().from(VerificationPolicy.highSecurity()).identifyMargin(1.5).build());

    assertProgrammingError(thrown, IllegalArgumentException.class);
  }

  @Test
  void nullArgument_isNullPointer() {
    assertProgrammingError(catchThrowable(() -> idv.forget((UserId) null)), NullPointerException.class);
  }
}
