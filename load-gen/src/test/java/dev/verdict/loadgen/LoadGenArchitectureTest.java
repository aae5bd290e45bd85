package dev.verdict.loadgen;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class LoadGenArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.verdict.loadgen");

  @Test
  void noClassUsesTheGraderWorker() {
    // why: load-gen measures the system from the outside, through HTTP only; the worker's
    // in-process benchmarks are worker-bench.
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.verdict.worker..")
        .check(CLASSES);
  }

  @Test
  void theGraderWorkerIsNotOnTheClassPath() {
    // why: this holds for every dependency load-gen's pom brings, transitive ones included.
    assertThatThrownBy(() -> Class.forName("dev.verdict.worker.GraderWorkerMain"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void featurePackagesHaveNoCycles() {
    slices().matching("dev.verdict.loadgen.(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void reportsAndWorkloadsDependOnNoFeature() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.verdict.loadgen.report..", "dev.verdict.loadgen.workload..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.verdict.loadgen.run..", "dev.verdict.loadgen.sweep..")
        .check(CLASSES);
  }
}
