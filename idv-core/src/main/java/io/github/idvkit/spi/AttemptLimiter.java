package io.github.idvkit.spi;

import java.time.Instant;
import java.util.Optional;

/**
 * Counts consecutive failed face attempts per key (a user, a device), shared by every app instance.
 * Facts only: it counts and forgets; how many failures lock a key out and for how long is decided in
 * core by the {@link io.github.idvkit.VerificationPolicy}, before any billed call.
 *
 * <p>Keys are 1-128 characters of {@code [A-Za-z0-9:_-]}; core passes digests, never raw user ids
 * or device ids.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Thread-safe.
 *   <li>{@link #find} returns empty for a key without failures, or whose record expired.
 *   <li>{@link #recordFailure} adds one failure atomically and returns the new count: of {@code n}
 *       concurrent calls for one key, on any number of instances sharing the store, the counts
 *       returned are {@code n} distinct consecutive numbers.
 *   <li>A record may be forgotten once {@code expiresAt} of its latest failure passed, and is never
 *       returned after it; the next failure then counts from 1.
 *   <li>{@link #reset} forgets the key's failures; idempotent.
 *   <li>Every write is visible to the next {@link #find} on any instance (read-after-write).
 * </ul>
 */
public interface AttemptLimiter {

  /**
   * Reads a key's failures.
   *
   * @param key the key
   * @param now the current time, to hide expired records
   * @return the record, or empty if none (or expired)
   * @throws IllegalArgumentException if the key has another shape
   * @throws io.github.idvkit.ProviderException if the store fails
   */
  Optional<AttemptRecord> find(String key, Instant now);

  /**
   * Adds one failure to a key.
   *
   * @param key the key
   * @param at when the failure happened
   * @param expiresAt when the store may forget the key's record, if no further failure comes
   * @return the record with the new count
   * @throws IllegalArgumentException if the key has another shape
   * @throws io.github.idvkit.ProviderException if the store fails
   */
  AttemptRecord recordFailure(String key, Instant at, Instant expiresAt);

  /**
   * Forgets a key's failures, after a success.
   *
   * @param key the key
   * @throws IllegalArgumentException if the key has another shape
   * @throws io.github.idvkit.ProviderException if the store fails
   */
  void reset(String key);

  /**
   * Checks a key's shape; for implementations.
   *
   * @param key the key
   * @return the key
   * @throws IllegalArgumentException if the key is not 1-128 characters of {@code [A-Za-z0-9:_-]}
   */
  static String requireKey(String key) {
    if (key == null || key.isEmpty() || key.length() > 128 || !key.matches("[A-Za-z0-9:_\\-]+")) {
      throw new IllegalArgumentException("An attempt key is 1-128 characters of [A-Za-z0-9:_-]");
    }
    return key;
  }
}
