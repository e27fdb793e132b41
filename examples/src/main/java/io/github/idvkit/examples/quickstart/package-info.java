/**
 * The README's quickstarts, as code that compiles (and, offline, runs in the tests): {@link
 * io.github.idvkit.examples.quickstart.LocalQuickstart} and {@link
 * io.github.idvkit.examples.quickstart.AwsQuickstart}; the idv-testkit one is a test,
 * {@code TestkitQuickstartTest}. The README's snippets are the lines between {@code tag::} and
 * {@code end::} comments, checked by {@code ReadmeTest}.
 */
@NullMarked
package io.github.idvkit.examples.quickstart;

import org.jspecify.annotations.NullMarked;
