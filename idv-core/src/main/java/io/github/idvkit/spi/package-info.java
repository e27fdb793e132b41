/**
 * The provider ports (SPI) of idv: {@link io.github.idvkit.spi.FaceDetector}, {@link
 * io.github.idvkit.spi.FaceComparer}, {@link io.github.idvkit.spi.FaceIndex}, {@link
 * io.github.idvkit.spi.ImageStore} and {@link io.github.idvkit.spi.FaceRecordStore}.
 *
 * <p>Ports report facts; core decides. No port applies a threshold or a quality policy: "no face"
 * is an empty list, a comparison is a {@link io.github.idvkit.Similarity}. Every port is
 * thread-safe. Failures are thrown as {@link io.github.idvkit.IdvException}s, translated once
 * inside the provider. The abstract contract suites in {@code io.github.idvkit.testkit.contract}
 * check each sentence of these contracts; a provider passes them all.
 */
@NullMarked
package io.github.idvkit.spi;

import org.jspecify.annotations.NullMarked;
