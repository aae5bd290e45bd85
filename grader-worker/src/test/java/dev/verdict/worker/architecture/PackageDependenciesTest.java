package dev.verdict.worker.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Pins how the worker's packages depend on each other: a slot takes tasks and hands them to the
 * grading, the grading runs programs in a sandbox, a sandbox limits and measures them in cgroups;
 * nothing depends upward. The composition root ({@code dev.verdict.worker}) wires them all.
 */
@AnalyzeClasses(
    packages = "dev.verdict.worker",
    importOptions = ImportOption.DoNotIncludeTests.class)
class PackageDependenciesTest {

  @ArchTest
  static final ArchRule slot_grading_sandbox_cgroup_depend_only_downward =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("Worker")
          .definedBy("dev.verdict.worker")
          .layer("Slot")
          .definedBy("dev.verdict.worker.slot..")
          .layer("Grading")
          .definedBy("dev.verdict.worker.grading..")
          .layer("Compiler")
          .definedBy("dev.verdict.worker.compiler")
          .layer("CompilerProcess")
          .definedBy("dev.verdict.worker.compiler.server..")
          .layer("Sandbox")
          .definedBy("dev.verdict.worker.sandbox..")
          .layer("Cgroup")
          .definedBy("dev.verdict.worker.cgroup..")
          .whereLayer("Worker")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("Slot")
          .mayOnlyBeAccessedByLayers("Worker")
          .whereLayer("Grading")
          .mayOnlyBeAccessedByLayers("Worker", "Slot")
          .whereLayer("Compiler")
          .mayOnlyBeAccessedByLayers("Worker", "Slot", "Grading")
          .whereLayer("CompilerProcess")
          .mayOnlyBeAccessedByLayers("Compiler")
          .whereLayer("Sandbox")
          .mayOnlyBeAccessedByLayers("Worker", "Slot", "Grading", "Compiler")
          .whereLayer("Cgroup")
          .mayOnlyBeAccessedByLayers("Worker", "Slot", "Grading", "Compiler", "Sandbox");

  @ArchTest
  static final ArchRule the_compiler_process_needs_nothing_but_the_jdk =
      noClasses()
          .that()
          .resideInAnyPackage("dev.verdict.worker.compiler.server..")
          .should()
          .dependOnClassesThat()
          .resideOutsideOfPackages(
              "dev.verdict.worker.compiler.server..", "java..", "javax..", "com.sun..")
          .because("its sandbox shows it only its own package and the JDK");

  @ArchTest
  static final ArchRule languages_checkers_and_the_cache_depend_on_none_of_the_layers =
      noClasses()
          .that()
          .resideInAnyPackage(
              "dev.verdict.worker.language..",
              "dev.verdict.worker.checker..",
              "dev.verdict.worker.cache..",
              "dev.verdict.worker.artifact..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.verdict.worker.slot..",
              "dev.verdict.worker.grading..",
              "dev.verdict.worker.sandbox..",
              "dev.verdict.worker.cgroup..");

  @ArchTest
  static final ArchRule the_worker_has_no_package_cycles =
      slices().matching("dev.verdict.worker.(*)..").should().beFreeOfCycles();
}
