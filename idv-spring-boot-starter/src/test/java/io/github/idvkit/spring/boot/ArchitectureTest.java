package io.github.idvkit.spring.boot;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  // Only this module's own classes: scanning the classpath for the package costs seconds.
  private static final JavaClasses STARTER =
      new ClassFileImporter().importPath(Path.of("target", "classes"));

  @Test
  void starter_usesNoInternalPackage() {
    noClasses().should().dependOnClassesThat().resideInAPackage("io.github.idvkit..internal..")
        .because("internal packages are not API")
        .check(STARTER);
  }

  @Test
  void optionalProviders_areReachedOnlyFromTheirOwnConfiguration() {
    noClasses().that().doNotHaveSimpleName("LocalProviderConfiguration")
        .and().haveNameNotMatching(".*LocalProviderConfiguration\\$.*")
        .should().dependOnClassesThat().resideInAPackage("io.github.idvkit.local..")
        .check(STARTER);
    noClasses().that().haveNameNotMatching(".*AwsProviderConfiguration.*")
        .should().dependOnClassesThat().resideInAnyPackage("io.github.idvkit.aws..", "software.amazon..")
        .check(STARTER);
    noClasses().that().haveNameNotMatching(".*MemoryProviderConfiguration.*")
        .should().dependOnClassesThat().resideInAPackage("io.github.idvkit.testkit..")
        .because("each provider module is optional; its classes load only when it is configured")
        .check(STARTER);
  }
}
