/**
 * Spring Boot auto-configuration for idv: an {@link io.github.idvkit.IdentityVerifier} bean built
 * from {@code idv.*} properties ({@link io.github.idvkit.spring.boot.IdvProperties}), observed with
 * Micrometer when an {@code ObservationRegistry} is present, and an {@code idv} health indicator.
 */
@NullMarked
package io.github.idvkit.spring.boot;

import org.jspecify.annotations.NullMarked;
