package io.github.idvkit.benchmarks;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The boundaries of the benchmarks module: it reaches the other modules only through their
 * published API and test-jars, and owns no package of theirs (no split packages).
 */
class ArchitectureTest {

  /** This module's own main classes (other modules' classes are directories too in a reactor build). */
  private static final JavaClasses BENCHMARKS =
      new ClassFileImporter().importPath(Path.of("target", "classes"));

  @Test
  void benchmarks_liveInTheirOwnPackage() {
    classes().should().resideInAPackage("io.github.idvkit.benchmarks..").check(BENCHMARKS);
  }

  @Test
  void benchmarks_neverTouchAnotherModulesInternals() {
    noClasses()
        .should().dependOnClassesThat().resideInAPackage("io.github.idvkit..internal..")
        .check(BENCHMARKS);
  }
}
