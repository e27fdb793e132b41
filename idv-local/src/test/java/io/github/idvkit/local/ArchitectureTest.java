package io.github.idvkit.local;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps idv-local's boundaries (STYLE.md): no other module's internals, no engine types in the API. */
class ArchitectureTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.github.idvkit.local");

  @Test
  void local_usesNoOtherModulesInternals() {
    noClasses()
        .that()
        .resideInAPackage("io.github.idvkit.local..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.github.idvkit.internal..", "io.github.idvkit.aws..", "io.github.idvkit.testkit..")
        .check(CLASSES);
  }

  @Test
  void publicApi_exposesNoOnnxRuntimeOrInternalTypes() {
    methods()
        .that()
        .areDeclaredInClassesThat()
        .resideInAPackage("io.github.idvkit.local")
        .and()
        .arePublic()
        .should(exposeOnlyPublicTypes())
        .check(CLASSES);
  }

  @Test
  void publicClasses_areFinal() {
    classes()
        .that()
        .resideInAnyPackage("io.github.idvkit.local", "io.github.idvkit.local.internal")
        .and()
        .arePublic()
        .and()
        .areNotInterfaces()
        .and()
        .areNotEnums()
        .and()
        .areNotRecords()
        .should()
        .haveModifier(JavaModifier.FINAL)
        .check(CLASSES);
  }

  private static ArchCondition<JavaMethod> exposeOnlyPublicTypes() {
    return new ArchCondition<>("expose no ai.onnxruntime or idv-local internal types") {
      @Override
      public void check(JavaMethod method, ConditionEvents events) {
        List<JavaClass> types = new ArrayList<>(method.getRawParameterTypes());
        types.add(method.getRawReturnType());
        for (JavaClass type : types) {
          String name = type.getPackageName();
          if (name.startsWith("ai.onnxruntime") || name.startsWith("io.github.idvkit.local.internal")) {
            events.add(SimpleConditionEvent.violated(method, method.getFullName() + " exposes " + type.getName()));
          }
        }
      }
    };
  }
}
