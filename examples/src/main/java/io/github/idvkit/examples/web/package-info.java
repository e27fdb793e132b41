/**
 * A browser demo of idv on the offline provider: a page that takes a selfie from the webcam (or a
 * file) and an ID photo, and registers, logs in, identifies and forgets. Served by the JDK's
 * {@code HttpServer} on the loopback interface; start it with {@link
 * io.github.idvkit.examples.web.WebDemo}.
 */
@NullMarked
package io.github.idvkit.examples.web;

import org.jspecify.annotations.NullMarked;
