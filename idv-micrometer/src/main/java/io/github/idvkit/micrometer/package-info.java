/**
 * Micrometer observations for idv: one {@code idv.flow} observation per flow (register, login,
 * identify, forget) and one {@code idv.provider.call} observation per call to a provider port,
 * tagged with low-cardinality values only, plus a counter of billed provider calls. Start at
 * {@link io.github.idvkit.micrometer.IdvObservations}; the names and tags are listed in {@link
 * io.github.idvkit.micrometer.IdvObservationDocumentation}.
 */
@NullMarked
package io.github.idvkit.micrometer;

import org.jspecify.annotations.NullMarked;
