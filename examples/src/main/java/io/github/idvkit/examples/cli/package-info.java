/**
 * The {@code idv} command-line tool ({@link io.github.idvkit.examples.cli.Idv}): provision,
 * register, log in, identify, forget, list and bulk-enrol users on the local, AWS or in-memory
 * provider.
 */
@NullMarked
package io.github.idvkit.examples.cli;

import org.jspecify.annotations.NullMarked;
