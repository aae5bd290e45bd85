package dev.verdict.common.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Pins how common's packages may depend on each other: messages and their codec are plain data any
 * module can read without a broker or a database, configuration is read before any store exists,
 * and no two packages need each other.
 */
@AnalyzeClasses(
    packages = "dev.verdict.common",
    importOptions = ImportOption.DoNotIncludeTests.class)
class PackageDependenciesTest {
  private static final String[] STORES_AND_CLIENTS = {
    "dev.verdict.common.broker..",
    "dev.verdict.common.blob..",
    "dev.verdict.common.status..",
    "dev.verdict.common.submission..",
    "dev.verdict.common.problem..",
    "dev.verdict.common.mongo..",
    "dev.verdict.common.redis..",
    "com.rabbitmq..",
    "com.mongodb..",
    "org.bson..",
    "redis.clients.."
  };

  @ArchTest
  static final ArchRule messages_and_codec_do_not_depend_on_brokers_or_stores =
      noClasses()
          .that()
          .resideInAnyPackage("dev.verdict.common.message..", "dev.verdict.common.codec..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(STORES_AND_CLIENTS);

  @ArchTest
  static final ArchRule config_does_not_depend_on_brokers_or_stores =
      noClasses()
          .that()
          .resideInAPackage("dev.verdict.common.config..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(STORES_AND_CLIENTS);

  @ArchTest
  static final ArchRule messages_do_not_depend_on_the_codec =
      noClasses()
          .that()
          .resideInAPackage("dev.verdict.common.message..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.verdict.common.codec..");

  @ArchTest
  static final ArchRule common_has_no_package_cycles =
      slices().matching("dev.verdict.common.(*)..").should().beFreeOfCycles();
}
