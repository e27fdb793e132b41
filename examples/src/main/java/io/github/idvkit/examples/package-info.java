/** Runnable idv programs; the README's first command runs {@link io.github.idvkit.examples.Demo}. */
@NullMarked
package io.github.idvkit.examples;

import org.jspecify.annotations.NullMarked;
