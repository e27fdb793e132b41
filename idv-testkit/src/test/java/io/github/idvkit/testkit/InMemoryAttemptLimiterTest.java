package io.github.idvkit.testkit;

import io.github.idvkit.spi.AttemptLimiter;
import io.github.idvkit.testkit.contract.AttemptLimiterContract;

class InMemoryAttemptLimiterTest extends AttemptLimiterContract {

  private InMemoryAttemptLimiter shared;

  @Override
  protected AttemptLimiter newSubject() {
    shared = InMemoryAttemptLimiter.create();
    return shared;
  }

  @Override
  protected AttemptLimiter secondInstance() {
    return shared;
  }
}
