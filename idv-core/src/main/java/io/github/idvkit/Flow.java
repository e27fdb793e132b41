package io.github.idvkit;

/** The flows of {@link IdentityVerifier}, as named in {@link DecisionEvent}s. */
public enum Flow {
  /** {@link IdentityVerifier#register}. */
  REGISTER,
  /** {@link IdentityVerifier#login}. */
  LOGIN,
  /** {@link IdentityVerifier#identify}. */
  IDENTIFY,
  /** {@link IdentityVerifier#forget}. */
  FORGET
}
