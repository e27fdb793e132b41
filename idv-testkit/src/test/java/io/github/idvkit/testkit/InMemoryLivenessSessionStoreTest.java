package io.github.idvkit.testkit;

import io.github.idvkit.spi.LivenessSessionStore;
import io.github.idvkit.testkit.contract.LivenessSessionStoreContract;

class InMemoryLivenessSessionStoreTest extends LivenessSessionStoreContract {

  private InMemoryLivenessSessionStore shared;

  @Override
  protected LivenessSessionStore newSubject() {
    shared = InMemoryLivenessSessionStore.create();
    return shared;
  }

  @Override
  protected LivenessSessionStore secondInstance() {
    return shared;
  }
}
