package dev.verdict.workerbench;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.verdict.worker.sandbox.Sandbox;
import org.junit.jupiter.api.Test;

class WorkerBenchArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.verdict.workerbench");

  @Test
  void benchmarksUseSandboxesOnlyThroughTheInterface() {
    // why: they measure whichever backend the configuration chooses, made as a worker makes it.
    noClasses().should().dependOnClassesThat().implement(Sandbox.class).check(CLASSES);
  }

  @Test
  void nothingTalksToARunningVerdict() {
    // why: the raw limit is the worker's grading alone; the system is load-gen's to measure.
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.verdict.loadgen.client..",
            "dev.verdict.loadgen.sweep..",
            "com.rabbitmq..",
            "redis.clients..",
            "com.mongodb..")
        .check(CLASSES);
  }

  @Test
  void featurePackagesHaveNoCycles() {
    slices().matching("dev.verdict.workerbench.(*)..").should().beFreeOfCycles().check(CLASSES);
  }
}
