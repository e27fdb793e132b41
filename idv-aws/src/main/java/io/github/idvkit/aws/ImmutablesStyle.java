package io.github.idvkit.aws;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.immutables.value.Value;

/**
 * The one Immutables style of idv-aws, the same as idv-core's: generated types stay package-private
 * and never appear in signatures; builders are reached through {@code X.builder()}.
 */
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Retention(RetentionPolicy.CLASS)
@Value.Style(
    visibility = Value.Style.ImplementationVisibility.PACKAGE,
    builderVisibility = Value.Style.BuilderVisibility.PACKAGE,
    overshadowImplementation = true,
    jdkOnly = true,
    depluralize = true,
    defaults = @Value.Immutable(copy = false),
    // No @org.immutables.value.Generated on generated classes: Immutables is compile-only, so
    // every module compiling against these classes warned "Cannot find annotation method 'from()'
    // in type 'Generated'" (24 warnings). Override is a placeholder: an empty list allows all.
    allowedClasspathAnnotations = {Override.class})
@interface ImmutablesStyle {}
