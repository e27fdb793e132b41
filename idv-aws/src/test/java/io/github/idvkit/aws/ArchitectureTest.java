package io.github.idvkit.aws;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The boundaries of idv-aws (STYLE.md: packages, API shape). */
class ArchitectureTest {

  private static final JavaClasses AWS =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.github.idvkit.aws");

  @Test
  void aws_neverTouchesAnotherModulesInternals() {
    noClasses()
        .should().dependOnClassesThat()
        .resideInAnyPackage("io.github.idvkit.internal..", "io.github.idvkit.testkit..",
            "io.github.idvkit.local..")
        .check(AWS);
  }

  @Test
  void publicApi_neverReturnsAwsTypes() {
    methods()
        .that().areDeclaredInClassesThat().resideInAPackage("io.github.idvkit.aws")
        .and().areDeclaredInClassesThat().arePublic()
        .and().arePublic()
        .should().haveRawReturnType(not(resideInAPackage("software.amazon..")).as("a non-AWS type"))
        .check(AWS);
  }

  @Test
  void apiClasses_areFinalOrInterfaces() {
    classes()
        .that().resideInAPackage("io.github.idvkit.aws..")
        .and().areTopLevelClasses()
        .and().areNotInterfaces()
        .and().areNotEnums()
        .and().areNotAnnotations()
        .and().haveSimpleNameNotStartingWith("Immutable")
        .should().haveModifier(JavaModifier.FINAL)
        .check(AWS);
  }

  @Test
  void internal_isUsedOnlyByAws() {
    classes()
        .that().resideInAPackage("io.github.idvkit.aws.internal..")
        .should().onlyBeAccessed().byClassesThat().resideInAPackage("io.github.idvkit.aws..")
        .check(AWS);
  }
}
