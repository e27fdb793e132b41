/**
 * The Amazon Rekognition identity-verification tutorial, step by step, done with idv: {@link
 * io.github.idvkit.examples.tutorial.CreateCollection}, {@link
 * io.github.idvkit.examples.tutorial.RegisterUser}, {@link
 * io.github.idvkit.examples.tutorial.LoginUser}, and {@link
 * io.github.idvkit.examples.tutorial.ForgetUser}, which the tutorial lacks. Each runs on its own,
 * offline by default (data in {@code ./idv-data}), on AWS with {@code --collection}, {@code
 * --bucket}, {@code --table}.
 */
@NullMarked
package io.github.idvkit.examples.tutorial;

import org.jspecify.annotations.NullMarked;
