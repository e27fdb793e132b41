/** Not API: the verifier's implementation and helpers. May change in any release. */
@NullMarked
package io.github.idvkit.internal;

import org.jspecify.annotations.NullMarked;
