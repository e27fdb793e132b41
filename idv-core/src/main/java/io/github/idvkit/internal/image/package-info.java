/**
 * Header probing and normalisation of JPEG and PNG images behind {@link
 * io.github.idvkit.FaceImage}, using only the JDK's ImageIO. Not API.
 */
@NullMarked
package io.github.idvkit.internal.image;

import org.jspecify.annotations.NullMarked;
