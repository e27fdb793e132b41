package io.github.idvkit.micrometer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  // Only this module's own classes: scanning the classpath for the package costs seconds.
  private static final JavaClasses MICROMETER =
      new ClassFileImporter().importPath(Path.of("target", "classes"));

  @Test
  void micrometer_usesNoInternalPackageOfCore_andNoProvider() {
    noClasses().should().dependOnClassesThat().resideInAPackage("io.github.idvkit.internal..")
        .orShould().dependOnClassesThat().resideInAnyPackage(
            "io.github.idvkit.aws..", "io.github.idvkit.local..", "io.github.idvkit.testkit..",
            "software.amazon..")
        .because("observations wrap any provider through the public API and the ports")
        .check(MICROMETER);
  }

  @Test
  void onlyTheBilledCallsHandler_needsMicrometerCore() {
    noClasses().that().doNotHaveSimpleName("BilledCallsMeterObservationHandler")
        .should().dependOnClassesThat().resideInAPackage("io.micrometer.core..")
        .because("micrometer-core is optional: observations need only micrometer-observation")
        .check(MICROMETER);
  }
}
