package io.github.idvkit.examples.quickstart;

import static io.github.idvkit.testkit.IdvAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.LoginDecision;
import io.github.idvkit.ProviderException;
import io.github.idvkit.testkit.Fault;
import io.github.idvkit.testkit.InMemoryIdentityVerifier;
import io.github.idvkit.testkit.TestFaces;
import io.github.idvkit.testkit.TestSubject;
import org.junit.jupiter.api.Test;

/** The README's idv-testkit quickstart: the same flows in a unit test, no mocks. */
class TestkitQuickstartTest {

  // tag::quickstart[]
  @Test
  void login_withEveryOutcome_decidesWithoutMocks() {
    try (InMemoryIdentityVerifier idv = InMemoryIdentityVerifier.create()) {
      idv.faceIndex().createCollection();
      TestSubject alice = TestFaces.subject("alice");              // synthetic faces with an identity
      assertThat(idv.register(req -> req.userId("alice").selfie(alice.image(1)))).isRegistered();

      assertThat(idv.login(req -> req.userId("alice").selfie(alice.image(2)))).isVerified();
      assertThat(idv.login(req -> req.userId("alice").selfie(TestFaces.subject("mallory").image(1))))
          .hasDecision(LoginDecision.NOT_MATCHED);
      assertThat(idv.login(req -> req.userId("alice").selfie(alice.dark().image(3))))
          .hasDecision(LoginDecision.LOW_QUALITY);

      idv.faceIndex().faults().failNext("search", Fault.throttled());   // script any provider failure
      assertThatThrownBy(() -> idv.login(req -> req.userId("alice").selfie(alice.image(4))))
          .isInstanceOf(ProviderException.class);
    }
  }
  // end::quickstart[]
}
