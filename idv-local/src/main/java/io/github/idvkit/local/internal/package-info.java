/**
 * Not API: the offline face engine behind {@code io.github.idvkit.local} (image decoding,
 * BlazeFace detection, alignment, dlib descriptors, persistence). May change in any release.
 */
@NullMarked
package io.github.idvkit.local.internal;

import org.jspecify.annotations.NullMarked;
