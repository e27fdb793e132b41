package io.github.idvkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.github.idvkit");

  @Test
  void core_neverTouchesAwsTypes() {
    noClasses().should().dependOnClassesThat().resideInAPackage("software.amazon..").check(CORE);
  }

  @Test
  void spi_neverUsesInternal() {
    noClasses()
        .that().resideInAPackage("io.github.idvkit.spi..")
        .should().dependOnClassesThat().resideInAPackage("io.github.idvkit.internal..")
        .check(CORE);
  }

  @Test
  void core_dependsOnNothingButTheJdkSlf4jAndAnnotations() {
    noClasses()
        .should().dependOnClassesThat()
        .resideOutsideOfPackages(
            "java..", "javax.imageio..", "javax.annotation..", "org.slf4j..", "org.jspecify..",
            "org.immutables..", "io.github.idvkit..")
        .check(CORE);
  }
}
