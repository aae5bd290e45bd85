package dev.verdict.common.problem;

import static dev.verdict.common.problem.ProblemPackages.aMinimalPackage;
import static dev.verdict.common.problem.ProblemPackages.aPackage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.common.blob.Sha256;
import dev.verdict.common.message.CheckerSpec;
import dev.verdict.common.message.SourceFile;
import dev.verdict.common.message.TestCase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a package without any store: what the load generator's baseline does. */
class ProblemPackageReadTest {
  private static final Path EXAMPLES = Path.of("..", "examples", "problems");

  @TempDir Path root;
  private final Map<String, byte[]> stored = new HashMap<>();

  private String store(byte[] content) {
    String sha = Sha256.hex(content);
    stored.put(sha, content);
    return sha;
  }

  @Test
  void the_example_sum_is_read_in_grading_order_with_its_limits_and_checker() {
    ProblemVersion sum = ProblemPackageLoader.read(EXAMPLES.resolve("sum"), this::store);

    assertThat(sum.problemId()).isEqualTo("sum");
    assertThat(sum.tests())
        .extracting(TestCase::name)
        .containsExactly(
            "sample/1",
            "secret/01-negative",
            "secret/02-large",
            "secret/03-large-negative",
            "secret/04-zero",
            "secret/05-mixed",
            "secret/06-opposite",
            "secret/07-negative-plus-one",
            "secret/08-small",
            "secret/09-medium");
    assertThat(sum.limits().timeLimitMs()).isEqualTo(2_000L);
    assertThat(sum.limits().memoryMb()).isEqualTo(256);
    assertThat(sum.checker()).isEqualTo(CheckerSpec.defaultChecker());
    assertThat(sum.stopOnFailure()).isTrue();
    assertThat(utf8(stored.get(sum.tests().getFirst().answerSha256()))).isEqualTo("3\n");
  }

  @Test
  void every_test_file_and_validator_source_is_handed_to_the_store_under_its_sha256() {
    ProblemVersion anyprime = ProblemPackageLoader.read(EXAMPLES.resolve("anyprime"), this::store);

    assertThat(anyprime.checker().custom()).isTrue();
    assertThat(anyprime.checker().language()).isEqualTo("python3");
    assertThat(anyprime.tests())
        .allSatisfy(
            test -> {
              assertThat(stored).containsKey(test.inputSha256());
              assertThat(stored).containsKey(test.answerSha256());
            });
    assertThat(anyprime.checker().files())
        .extracting(SourceFile::sha256)
        .allSatisfy(sha -> assertThat(Sha256.hex(stored.get(sha))).isEqualTo(sha));
  }

  @Test
  void a_package_without_a_memory_limit_gets_the_format_s_2048_mib() {
    ProblemVersion version =
        ProblemPackageLoader.read(aMinimalPackage(root, "nomemory").dir(), this::store);

    assertThat(version.limits().memoryMb()).isEqualTo(2_048);
  }

  @Test
  void a_limit_beyond_the_deployment_s_maximum_is_refused_naming_it() {
    Path dir = aMinimalPackage(root, "big").file("problem.yaml", "limits: {memory: 8192}\n").dir();

    assertThatThrownBy(() -> ProblemPackageLoader.read(dir, this::store))
        .isInstanceOf(ProblemPackageException.class)
        .hasMessageContainingAll("limits.memory 8192 exceeds this deployment's 4096", "limits.max");
  }

  @Test
  void a_timelimit_file_disagreeing_with_problem_yaml_is_refused() {
    Path dir =
        aMinimalPackage(root, "twolimits")
            .file("problem.yaml", "limits: {time_limit: 3}\n")
            .file(".timelimit", "2\n")
            .dir();

    assertThatThrownBy(() -> ProblemPackageLoader.read(dir, this::store))
        .isInstanceOf(ProblemPackageException.class)
        .hasMessageContaining(".timelimit: conflicting time limits");
  }

  @Test
  void validation_and_compilation_limits_travel_with_the_version() {
    Path dir =
        aMinimalPackage(root, "slowjudge")
            .file(
                "problem.yaml",
                "validation: custom\nlimits: {validation_time: 45, compilation_memory: 2048}\n")
            .file("output_validators/v/validate.py", "import sys\nsys.exit(42)\n")
            .dir();

    ProblemVersion version = ProblemPackageLoader.read(dir, this::store);

    assertThat(version.checker().validatorLimits().timeLimitMs()).isEqualTo(45_000L);
    assertThat(version.compileLimits().memoryMb()).isEqualTo(2_048);
  }

  @Test
  void test_group_yaml_configures_a_group_as_testdata_yaml_does_but_not_beside_it() {
    ProblemPackages scoring =
        aPackage(root, "renamed")
            .file(
                "problem.yaml",
                "problem_format_version: 2023-07-draft\nname: R\nuuid: u\ntype: scoring\n")
            .test("sample/1", "1\n", "1\n")
            .test("secret/g/1", "1\n", "1\n")
            .file("data/secret/g/test_group.yaml", "scoring: {score: 40, aggregation: min}\n");

    ProblemVersion version = ProblemPackageLoader.read(scoring.dir(), this::store);
    scoring.file("data/secret/g/testdata.yaml", "scoring: {score: 40}\n");

    assertThat(version.maxScore()).isEqualTo(100.0);
    assertThat(version.groups().flatten())
        .filteredOn(g -> g.name().equals("secret/g"))
        .singleElement()
        .satisfies(g -> assertThat(g.rules().aggregation()).isEqualTo("min"));
    assertThatThrownBy(() -> ProblemPackageLoader.read(scoring.dir(), this::store))
        .isInstanceOf(ProblemPackageException.class)
        .hasMessageContaining("data/secret/g/test_group.yaml: and testdata.yaml side by side");
  }

  @Test
  void the_example_reverse_is_compared_exactly() {
    assertThat(ProblemPackageLoader.read(EXAMPLES.resolve("reverse"), this::store).checker().kind())
        .isEqualTo(CheckerSpec.EXACT);
  }

  @Test
  void reading_the_same_content_twice_yields_the_same_version() {
    Path dir = aMinimalPackage(root, "hello").test("secret/01", "5\n", "6\n").dir();

    ProblemVersion first = ProblemPackageLoader.read(dir, this::store);
    ProblemVersion second = ProblemPackageLoader.read(dir, Sha256::hex);

    assertThat(second).isEqualTo(first);
    assertThat(first.version()).hasSize(16);
  }

  @Test
  void a_folder_without_problem_yaml_fails_naming_it() {
    Path dir = aMinimalPackage(root, "bare").delete("problem.yaml").dir();

    assertThatThrownBy(() -> ProblemPackageLoader.read(dir, this::store))
        .isInstanceOf(ProblemPackageException.class)
        .hasMessageContaining("problem.yaml");
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
