/**
 * The caller's API of idv: {@link io.github.idvkit.IdentityVerifier} with its register, login,
 * identify and forget flows, their requests and results, policies, values and the
 * {@link io.github.idvkit.IdvException} family.
 */
@ImmutablesStyle
@NullMarked
package io.github.idvkit;

import org.jspecify.annotations.NullMarked;
