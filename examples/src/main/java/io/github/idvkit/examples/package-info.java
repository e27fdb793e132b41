/**
 * Runnable idv programs: the README's demo ({@link io.github.idvkit.examples.Demo}), the sample
 * photos, and what the tutorial programs and the {@code idv} tool share (choosing a provider,
 * exit codes). Never deployed.
 */
@NullMarked
package io.github.idvkit.examples;

import org.jspecify.annotations.NullMarked;
