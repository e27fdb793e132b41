package io.github.idvkit.internal;

import io.github.idvkit.UserId;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises the writing flows (register, forget) of one user within one verifier, so that a
 * double-submitted registration or a forget racing a registration in the same process resolve in
 * order without polling. Striped: users sharing a stripe wait for each other, other users do not.
 * This is only an optimisation: what keeps the guarantees, within one process and across several,
 * is the registration intent in the record store ({@link RegistrationFlow}). Not API.
 */
final class UserLocks {

  private static final int STRIPES = 64;

  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

  UserLocks() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /** A held lock; closing it releases the lock. */
  interface Held extends AutoCloseable {
    @Override
    void close();
  }

  Held lock(UserId user) {
    ReentrantLock lock = stripes[Math.floorMod(user.value().hashCode(), STRIPES)];
    lock.lock();
    return lock::unlock;
  }
}
