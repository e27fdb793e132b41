package io.github.idvkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.IdentityVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IdvTestExtensionTest {

  @RegisterExtension final IdvTestExtension idv = IdvTestExtension.create();

  @Test
  void verifier_firstTest_startsEmpty() {
    assertThat(idv.verifier().faceIndex().faces()).isEmpty();

    idv.verifier().register(req -> req.userId("alice").selfie(TestFaces.subject("alice").image(1)));
  }

  @Test
  void verifier_secondTest_startsEmptyToo() {
    assertThat(idv.verifier().faceIndex().faces()).isEmpty();

    idv.verifier().register(req -> req.userId("alice").selfie(TestFaces.subject("alice").image(1)));
  }

  @Test
  void resolveParameter_verifier_isInjected(IdentityVerifier verifier) {
    assertThat(verifier).isInstanceOf(InMemoryIdentityVerifier.class);
  }

  @Test
  void verifier_outsideTest_isRefused() {
    assertThatThrownBy(() -> IdvTestExtension.create().verifier()).isInstanceOf(IllegalStateException.class);
  }
}
