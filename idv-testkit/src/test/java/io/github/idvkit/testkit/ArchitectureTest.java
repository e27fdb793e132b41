package io.github.idvkit.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  private static final JavaClasses TESTKIT =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          .importPackages("io.github.idvkit.testkit");

  @Test
  void testkit_usesNoInternalPackageOfCore() {
    noClasses().should().dependOnClassesThat().resideInAPackage("io.github.idvkit.internal..")
        .because("internal packages are not API")
        .check(TESTKIT);
  }

  @Test
  void testkit_usesNoAwsType() {
    noClasses().should().dependOnClassesThat().resideInAPackage("software.amazon..").check(TESTKIT);
  }

  @Test
  void fakesAndTestFaces_needNeitherJunitNorAssertj() {
    noClasses().that().resideInAPackage("io.github.idvkit.testkit")
        .and().doNotHaveSimpleName("IdvTestExtension")
        .should().dependOnClassesThat().resideInAPackage("org.junit..")
        .because("JUnit is an optional dependency: only the extension and the contract suites use it")
        .check(TESTKIT);
    noClasses().that().resideInAPackage("io.github.idvkit.testkit")
        .and().doNotHaveSimpleName("IdvAssertions")
        .and().haveNameNotMatching(".*Assert")
        .should().dependOnClassesThat().resideInAPackage("org.assertj..")
        .because("AssertJ is an optional dependency: only the assertions and the contract suites use it")
        .check(TESTKIT);
  }

  @Test
  void contractSuites_dependOnNoFake() {
    noClasses().that().resideInAPackage("io.github.idvkit.testkit.contract")
        .should().dependOnClassesThat().haveSimpleNameStartingWith("InMemory")
        .orShould().dependOnClassesThat().haveSimpleNameStartingWith("Fake")
        .because("the suites hold every provider to the same contract")
        .check(TESTKIT);
  }
}
