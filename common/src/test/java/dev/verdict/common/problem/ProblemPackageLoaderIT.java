package dev.verdict.common.problem;

import static dev.verdict.common.problem.ProblemPackages.aMinimalPackage;
import static dev.verdict.common.problem.ProblemPackages.aPackage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.blob.BlobStore;
import dev.verdict.common.blob.Sha256;
import dev.verdict.common.config.ProblemsConfig;
import dev.verdict.common.message.CheckerSpec;
import dev.verdict.common.message.TestCase;
import dev.verdict.common.message.TestGroup;
import dev.verdict.common.testing.MongoExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ProblemPackageLoaderIT {
  @RegisterExtension static final MongoExtension mongo = MongoExtension.perTest();
  @TempDir Path root;
  private BlobStore blobs;
  private ProblemStore problems;
  private ProblemPackageLoader loader;

  @BeforeEach
  void newStores() {
    blobs = new BlobStore(mongo.database(), new MetricRegistry());
    problems = new ProblemStore(mongo.database(), new MetricRegistry());
    loader = new ProblemPackageLoader(blobs, problems);
  }

  @Test
  void samples_come_first_then_secret_tests_in_path_order() {
    Path dir =
        aPackage(root, "hello")
            .file("problem.yaml", "name: Hello\n")
            .test("secret/group1/01", "g\n", "G\n")
            .test("secret/10", "10\n", "11\n")
            .test("secret/02", "2\n", "3\n")
            .test("sample/2", "s2\n", "S2\n")
            .test("sample/1", "s1\n", "S1\n")
            .dir();

    ProblemVersion problem = loader.load(dir);

    assertThat(problem.problemId()).isEqualTo("hello");
    assertThat(problem.name()).isEqualTo("Hello");
    assertThat(problem.tests())
        .extracting(TestCase::name)
        .containsExactly("sample/1", "sample/2", "secret/02", "secret/10", "secret/group1/01");
  }

  @Test
  void inputs_and_answers_are_stored_as_blobs_named_in_the_tests() {
    ProblemVersion problem = loader.load(aMinimalPackage(root, "hello").dir());

    TestCase test = problem.tests().getFirst();
    assertThat(blobs.get(test.inputSha256())).isEqualTo(utf8("1\n"));
    assertThat(blobs.get(test.answerSha256())).isEqualTo(utf8("2\n"));
  }

  @Test
  void loading_stores_the_version_that_reading_without_a_store_yields() {
    Path dir = aMinimalPackage(root, "hello").test("secret/01", "5\n", "6\n").dir();

    ProblemVersion loaded = loader.load(dir);

    assertThat(ProblemPackageLoader.read(dir, Sha256::hex)).isEqualTo(loaded);
    assertThat(blobs.count()).isEqualTo(4);
  }

  @Test
  void the_loaded_version_is_stored_as_the_problem_s_current_one() {
    ProblemVersion problem = loader.load(aMinimalPackage(root, "hello").dir());

    assertThat(problems.current("hello")).contains(problem);
  }

  @Test
  void a_scoring_package_without_a_range_is_worth_every_group_accepted_with_its_accept_score() {
    Path dir =
        aPackage(root, "scored")
            .file("problem.yaml", "name: Scored\ntype: scoring\n")
            .test("sample/1", "s\n", "S\n")
            .file("data/secret/testdata.yaml", "accept_score: 5\n")
            .test("secret/01", "1\n", "1\n")
            .file("data/secret/hard/testdata.yaml", "accept_score: 20\n")
            .test("secret/hard/01", "h\n", "H\n")
            .dir();

    ProblemVersion problem = loader.load(dir);

    assertThat(problem.tests())
        .extracting(TestCase::name)
        .containsExactly("sample/1", "secret/01", "secret/hard/01");
    assertThat(problem.groups().flatten())
        .extracting(TestGroup::name)
        .containsExactly("data", "sample", "secret", "secret/hard");
    // why: secret's test earns its 5 and hard its 20; the sample has no testdata.yaml of its own
    // and scores nothing (docs/problems.md §10.2).
    assertThat(problem.maxScore()).isEqualTo(25.0);
  }

  @Test
  void limits_come_from_problem_yaml() {
    Path dir =
        aMinimalPackage(root, "limited")
            .file("problem.yaml", "limits:\n  time_limit: 1.5\n  memory: 512\n  output: 8\n")
            .dir();

    ProblemVersion problem = loader.load(dir);

    assertThat(problem.limits().timeLimitMs()).isEqualTo(1_500);
    assertThat(problem.limits().memoryMb()).isEqualTo(512);
    assertThat(problem.limits().outputKb()).isEqualTo(8 * 1024);
    assertThat(problem.limits().wallTimeMs()).isNull();
  }

  @Test
  void a_timelimit_file_sets_the_time_limit_when_problem_yaml_does_not() {
    Path dir = aMinimalPackage(root, "domjudge").file(".timelimit", "2.5\n").dir();

    assertThat(loader.load(dir).limits().timeLimitMs()).isEqualTo(2_500);
  }

  @Test
  void a_timelimit_file_agreeing_with_problem_yaml_is_fine_and_a_disagreeing_one_refused() {
    Path agreeing =
        aMinimalPackage(root, "agreeing")
            .file("problem.yaml", "limits:\n  time_limit: 1\n")
            .file(".timelimit", "1.0\n")
            .dir();
    Path disagreeing =
        aMinimalPackage(root, "both")
            .file("problem.yaml", "limits:\n  time_limit: 1\n")
            .file(".timelimit", "9\n")
            .dir();

    assertThat(loader.load(agreeing).limits().timeLimitMs()).isEqualTo(1_000);
    assertThatThrownBy(() -> loader.load(disagreeing))
        .isInstanceOf(ProblemPackageException.class)
        .hasMessageContaining(".timelimit: conflicting time limits");
  }

  @Test
  void without_limits_only_the_format_s_default_memory_is_set() {
    ProblemVersion problem = loader.load(aMinimalPackage(root, "plain").dir());

    assertThat(problem.limits().timeLimitMs()).isNull();
    assertThat(problem.limits().memoryMb()).isEqualTo(2_048);
    assertThat(problem.checker()).isEqualTo(CheckerSpec.defaultChecker());
  }

  @Test
  void validation_and_validator_flags_choose_the_checker() {
    Path dir =
        aMinimalPackage(root, "exact")
            .file(
                "problem.yaml",
                "validation: exact\nvalidator_flags: \"case_sensitive  space_change_sensitive\"\n")
            .dir();

    assertThat(loader.load(dir).checker())
        .isEqualTo(
            new CheckerSpec(
                CheckerSpec.EXACT, List.of("case_sensitive", "space_change_sensitive")));
  }

  @Test
  void a_pass_fail_problem_stops_at_the_first_failure_and_a_scoring_one_does_not() {
    Path passFail = aMinimalPackage(root, "pass-fail").dir();
    Path scoring = aMinimalPackage(root, "scoring").file("problem.yaml", "type: scoring\n").dir();
    Path continuing =
        aMinimalPackage(root, "continuing").file("problem.yaml", "on_reject: continue\n").dir();

    assertThat(loader.load(passFail).stopOnFailure()).isTrue();
    assertThat(loader.load(scoring).stopOnFailure()).isFalse();
    assertThat(loader.load(continuing).stopOnFailure()).isFalse();
  }

  @Test
  void loading_the_same_package_twice_yields_the_same_version_and_stores_no_new_blobs() {
    Path dir = aMinimalPackage(root, "hello").test("secret/01", "5\n", "6\n").dir();

    ProblemVersion first = loader.load(dir);
    long blobCount = blobs.count();
    ProblemVersion second = loader.load(dir);

    assertThat(second).isEqualTo(first);
    assertThat(blobs.count()).isEqualTo(blobCount).isEqualTo(4);
    assertThat(mongo.database().getCollection("problem_versions").countDocuments()).isEqualTo(1);
  }

  @Test
  void changing_a_test_makes_a_new_current_version_and_keeps_the_old_one() {
    ProblemPackages hello = aMinimalPackage(root, "hello");
    ProblemVersion first = loader.load(hello.dir());

    ProblemVersion second = loader.load(hello.test("sample/1", "1\n", "3\n").dir());

    assertThat(second.version()).isNotEqualTo(first.version());
    assertThat(problems.current("hello")).contains(second);
    assertThat(problems.version("hello", first.version())).contains(first);
  }

  @Test
  void identical_files_in_several_tests_are_stored_once() {
    Path dir =
        aPackage(root, "same")
            .file("problem.yaml", "name: Same\n")
            .test("secret/01", "x\n", "y\n")
            .test("secret/02", "x\n", "y\n")
            .dir();

    ProblemVersion problem = loader.load(dir);

    assertThat(problem.tests().get(0).inputSha256())
        .isEqualTo(problem.tests().get(1).inputSha256());
    assertThat(blobs.count()).isEqualTo(2);
  }

  @Test
  void load_all_loads_every_folder_with_a_problem_yaml_in_id_order() {
    aMinimalPackage(root, "zeta");
    aMinimalPackage(root, "alpha");
    aPackage(root, "not-a-problem").file("README", "notes\n");

    LoadReport report = loader.loadAll(root);

    assertThat(report.loaded())
        .extracting(ProblemVersion::problemId)
        .containsExactly("alpha", "zeta");
    assertThat(report.skipped()).isEmpty();
  }

  @Test
  void load_all_skips_a_package_it_cannot_use_naming_it_and_the_reason_and_loads_the_rest() {
    aMinimalPackage(root, "alpha");
    aMinimalPackage(root, "future").file("problem.yaml", "problem_format_version: 2025-09\n");
    aMinimalPackage(root, "zeta");

    LoadReport report = loader.loadAll(root);

    assertThat(report.loaded())
        .extracting(ProblemVersion::problemId)
        .containsExactly("alpha", "zeta");
    assertThat(report.skipped())
        .singleElement()
        .satisfies(
            skipped -> {
              assertThat(skipped.folder()).isEqualTo("future");
              assertThat(skipped.reason()).contains("problem.yaml", "2025-09");
            });
    assertThat(problems.find("future")).isEmpty();
  }

  @Test
  void a_zip_of_a_package_folder_yields_the_same_version_as_the_folder() {
    Path dir =
        aMinimalPackage(root, "hello")
            .file("problem.yaml", "name: Hello\nvalidation: custom\n")
            .file("output_validators/v/validate.py", "exit(42)\n")
            .file("problem_statement/problem.en.md", "# Hello\n")
            .test("secret/01", "5\n", "6\n")
            .dir();

    ProblemVersion fromFolder = ProblemPackageLoader.read(dir, Sha256::hex);
    ProblemVersion fromZip;
    try (PackageSource zip =
        ZipPackageSource.open(
            PackageZip.ofFolder(dir, "hello").bytes(), ProblemsConfig.defaults())) {
      fromZip = loader.storeFiles(zip, zip.name());
    }

    assertThat(fromZip).isEqualTo(fromFolder);
  }

  @Test
  void storing_a_package_s_files_writes_no_problem_document() {
    try (PackageSource zip =
        ZipPackageSource.open(
            PackageZip.ofFolder(aMinimalPackage(root, "hello").dir(), "x").bytes(),
            ProblemsConfig.defaults())) {
      ProblemVersion version = loader.storeFiles(zip, "hello");

      assertThat(blobs.exists(version.tests().getFirst().inputSha256())).isTrue();
      assertThat(problems.find("hello")).isEmpty();
    }
  }

  @Test
  void the_markdown_statement_and_its_html_rendering_are_stored() {
    Path dir =
        aMinimalPackage(root, "told")
            .file("statement/problem.en.md", "# Told\n")
            .file("statement/problem.en.html", "<h1>Told</h1>\n")
            .dir();

    ProblemStatement statement = loader.load(dir).statement();

    assertThat(blobs.get(statement.markdownSha256())).isEqualTo(utf8("# Told\n"));
    assertThat(blobs.get(statement.htmlSha256())).isEqualTo(utf8("<h1>Told</h1>\n"));
  }

  @Test
  void a_package_without_a_statement_has_none() {
    assertThat(loader.load(aMinimalPackage(root, "silent").dir()).statement()).isNull();
  }

  @Test
  void the_type_comes_from_problem_yaml() {
    Path scoring = aMinimalPackage(root, "scored").file("problem.yaml", "type: scoring\n").dir();

    assertThat(loader.load(scoring).type()).isEqualTo(ProblemType.SCORING);
    assertThat(loader.load(aMinimalPackage(root, "plain").dir()).type())
        .isEqualTo(ProblemType.PASS_FAIL);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void a_custom_validator_is_stored_with_its_language_and_flags() {
    Path dir =
        aMinimalPackage(root, "custom")
            .file("problem.yaml", "validation: custom\nvalidator_flags: strict 3\n")
            .file("output_validators/checker/validate.cpp", "int main() { return 42; }\n")
            .file("output_validators/checker/testlib.h", "// header\n")
            .dir();

    ProblemVersion problem = loader.load(dir);

    assertThat(problem.checker().custom()).isTrue();
    assertThat(problem.checker().language()).isEqualTo("cpp");
    assertThat(problem.checker().flags()).containsExactly("strict", "3");
    assertThat(problem.checker().files())
        .extracting(dev.verdict.common.message.SourceFile::name)
        .containsExactly("testlib.h", "validate.cpp");
    assertThat(problem.checker().files())
        .allSatisfy(file -> assertThat(blobs.exists(file.sha256())).isTrue());
  }
}
