/**
 * Test support for idv: synthetic faces that carry their identity in their pixels ({@link
 * io.github.idvkit.testkit.TestFaces}), in-memory fakes of the five provider ports with scriptable
 * faults and call recording ({@link io.github.idvkit.testkit.Faults}), a ready-wired {@link
 * io.github.idvkit.testkit.InMemoryIdentityVerifier}, AssertJ assertions for results ({@link
 * io.github.idvkit.testkit.IdvAssertions}) and a JUnit 5 extension ({@link
 * io.github.idvkit.testkit.IdvTestExtension}).
 *
 * <p>JUnit and AssertJ are optional dependencies of this module: the fakes and {@code TestFaces}
 * need neither; the assertions, the extension and the contract suites need the one they use.
 */
@ImmutablesStyle
@NullMarked
package io.github.idvkit.testkit;

import org.jspecify.annotations.NullMarked;
