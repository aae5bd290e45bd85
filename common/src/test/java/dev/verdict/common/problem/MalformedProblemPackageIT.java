package dev.verdict.common.problem;

import static dev.verdict.common.problem.ProblemPackages.aMinimalPackage;
import static dev.verdict.common.problem.ProblemPackages.aPackage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.blob.BlobStore;
import dev.verdict.common.testing.MongoExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A malformed package fails to load with a message naming the file at fault. */
class MalformedProblemPackageIT {
  @RegisterExtension static final MongoExtension mongo = MongoExtension.perClass();
  @TempDir Path root;
  private ProblemStore problems;
  private BlobStore blobs;
  private ProblemPackageLoader loader;

  @BeforeEach
  void newLoader() {
    problems = new ProblemStore(mongo.database(), new MetricRegistry());
    blobs = new BlobStore(mongo.database(), new MetricRegistry());
    loader = new ProblemPackageLoader(blobs, problems);
  }

  @Test
  void a_test_without_an_answer_fails_naming_the_answer_file() {
    Path dir =
        aMinimalPackage(root, "p1")
            .test("secret/07", "1\n", "2\n")
            .delete("data/secret/07.ans")
            .dir();

    assertFailsNaming(dir, "07.ans");
  }

  @Test
  void problem_yaml_that_is_not_yaml_fails_naming_it() {
    Path dir = aMinimalPackage(root, "p2").file("problem.yaml", "name: [unclosed\n").dir();

    assertFailsNaming(dir, "problem.yaml");
  }

  @Test
  void a_missing_problem_yaml_fails_naming_it() {
    Path dir = aMinimalPackage(root, "p3").delete("problem.yaml").dir();

    assertFailsNaming(dir, "problem.yaml");
  }

  @Test
  void an_unsupported_validation_fails_naming_problem_yaml_and_the_value() {
    Path dir = aMinimalPackage(root, "p4").file("problem.yaml", "validation: magic\n").dir();

    assertFailsNaming(dir, "problem.yaml", "magic");
  }

  @Test
  void a_custom_validation_without_a_validator_fails_naming_output_validators() {
    Path dir = aMinimalPackage(root, "p4b").file("problem.yaml", "validation: custom\n").dir();

    assertFailsNaming(dir, "output_validators");
  }

  @Test
  void a_validator_in_an_unknown_language_fails_naming_its_files() {
    Path dir =
        aMinimalPackage(root, "p4c")
            .file("problem.yaml", "validation: custom\n")
            .file("output_validators/v/validate.rb", "exit 42\n")
            .dir();

    assertFailsNaming(dir, "validate.rb");
  }

  @Test
  void a_validator_mixing_languages_fails_naming_both() {
    Path dir =
        aMinimalPackage(root, "p4d")
            .file("problem.yaml", "validation: custom\n")
            .file("output_validators/v/a.c", "int main(void){return 42;}\n")
            .file("output_validators/v/b.py", "print(1)\n")
            .dir();

    assertFailsNaming(dir, "c", "python3");
  }

  @Test
  void a_non_positive_time_limit_fails_naming_problem_yaml_and_the_key() {
    Path dir =
        aMinimalPackage(root, "p5").file("problem.yaml", "limits:\n  time_limit: -1\n").dir();

    assertFailsNaming(dir, "problem.yaml", "time_limit");
  }

  @Test
  void a_memory_limit_that_is_not_a_number_fails_naming_problem_yaml_and_the_key() {
    Path dir = aMinimalPackage(root, "p6").file("problem.yaml", "limits:\n  memory: lots\n").dir();

    assertFailsNaming(dir, "problem.yaml", "memory");
  }

  @Test
  void an_unknown_problem_type_fails_naming_problem_yaml() {
    Path dir = aMinimalPackage(root, "p7").file("problem.yaml", "type: interactive\n").dir();

    assertFailsNaming(dir, "problem.yaml", "interactive");
  }

  @Test
  void an_accept_score_that_is_not_a_whole_number_fails_naming_testdata_yaml() {
    Path dir =
        aMinimalPackage(root, "p8")
            .file("data/secret/testdata.yaml", "accept_score: lots\n")
            .test("secret/01", "1\n", "1\n")
            .dir();

    assertFailsNaming(dir, "testdata.yaml", "accept_score");
  }

  @Test
  void a_timelimit_file_that_is_not_a_number_fails_naming_it() {
    Path dir = aMinimalPackage(root, "p9").file(".timelimit", "soon\n").dir();

    assertFailsNaming(dir, ".timelimit");
  }

  @Test
  void a_package_without_tests_fails_saying_so() {
    Path dir = aPackage(root, "p10").file("problem.yaml", "name: Empty\n").dir();

    assertFailsNaming(dir, "no tests", "data/sample");
  }

  @Test
  void a_folder_name_that_is_not_a_problem_id_fails_naming_it() {
    Path dir = aMinimalPackage(root, "Hello World").dir();

    assertFailsNaming(dir, "'Hello World'");
  }

  @Test
  void an_unknown_problem_yaml_key_fails_naming_it() {
    Path dir = aMinimalPackage(root, "p11").file("problem.yaml", "interaction: yes\n").dir();

    assertFailsNaming(dir, "problem.yaml", "interaction");
  }

  @Test
  void a_custom_grader_fails_naming_the_feature() {
    Path dir =
        aMinimalPackage(root, "p12")
            .file("problem.yaml", "type: scoring\n")
            .file("data/testdata.yaml", "grading: custom\n")
            .dir();

    assertFailsNaming(dir, "data/testdata.yaml", "custom graders");
  }

  @Test
  void a_testdata_yaml_that_is_not_yaml_fails_naming_it() {
    Path dir =
        aMinimalPackage(root, "p13")
            .file("data/secret/testdata.yaml", "accept_score: [\n")
            .test("secret/01", "1\n", "1\n")
            .dir();

    assertFailsNaming(dir, "data/secret/testdata.yaml", "not valid YAML");
  }

  @Test
  void a_statement_that_is_not_utf8_fails_naming_it() throws java.io.IOException {
    Path dir = aMinimalPackage(root, "p14").dir();
    java.nio.file.Files.createDirectories(dir.resolve("problem_statement"));
    java.nio.file.Files.write(
        dir.resolve("problem_statement/problem.en.md"), new byte[] {'#', ' ', (byte) 0xff});

    assertFailsNaming(dir, "problem_statement/problem.en.md", "UTF-8");
  }

  @Test
  void a_symbolic_link_out_of_the_folder_fails_naming_it() throws java.io.IOException {
    Path dir = aMinimalPackage(root, "p15").dir();
    java.nio.file.Files.createSymbolicLink(
        dir.resolve("data/sample/2.in"), Path.of("../../../../etc/hostname"));

    assertFailsNaming(dir, "data/sample/2.in", "symbolic link", "leaves the package");
  }

  @Test
  void a_package_refused_after_its_tests_were_read_leaves_none_of_its_files_stored() {
    String unique = java.util.UUID.randomUUID().toString();
    Path dir =
        aPackage(root, "p16")
            .file("problem.yaml", "validation: custom\n")
            .test("secret/01", unique + " in\n", unique + " answer\n")
            .file("output_validators/v/a.c", "int main(void){return 42;}\n")
            .file("output_validators/v/b.py", "exit(42)\n")
            .dir();

    assertFailsNaming(dir, "output_validators/v/", "mixes");
    assertThat(
            blobs.exists(
                dev.verdict.common.blob.Sha256.hex(
                    (unique + " in\n").getBytes(java.nio.charset.StandardCharsets.UTF_8))))
        .isFalse();
  }

  private void assertFailsNaming(Path dir, String... fragments) {
    String id = dir.getFileName().toString();
    long blobsBefore = blobs.count();
    long versionsBefore = mongo.database().getCollection("problem_versions").countDocuments();

    assertThatThrownBy(() -> loader.load(dir))
        .isInstanceOf(ProblemPackageException.class)
        .hasMessageContainingAll(fragments);

    assertThat(problems.find(id)).as("no problem is stored for %s", id).isEmpty();
    assertThat(blobs.count()).as("no file of %s is stored", id).isEqualTo(blobsBefore);
    assertThat(mongo.database().getCollection("problem_versions").countDocuments())
        .as("no version of %s is stored", id)
        .isEqualTo(versionsBefore);
  }
}
