package dev.verdict.worker.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.blob.Sha256;
import dev.verdict.common.config.ConfigLoader;
import dev.verdict.common.config.VerdictConfig;
import dev.verdict.common.limits.LimitOverrides;
import dev.verdict.common.message.CheckerSpec;
import dev.verdict.common.message.GradingTask;
import dev.verdict.common.message.SourceFile;
import dev.verdict.common.message.TestCase;
import dev.verdict.worker.cache.FileCache;
import dev.verdict.worker.language.Languages;
import dev.verdict.worker.sandbox.RunRequest;
import dev.verdict.worker.sandbox.RunResult;
import dev.verdict.worker.sandbox.Sandbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The worker refuses a task whose ids or names could reach outside its work directory. */
class TaskCheckTest {
  private static final String SHA = "a".repeat(64);

  @TempDir Path temp;

  private static GradingTask task(String id, SourceFile file, TestCase test, CheckerSpec checker) {
    return new GradingTask(
        GradingTask.VERSION,
        id,
        "sum",
        "v1",
        "python3",
        List.of(file),
        List.of(test),
        LimitOverrides.NONE,
        checker,
        false,
        0);
  }

  private static GradingTask withId(String id) {
    return task(
        id,
        new SourceFile("main.py", SHA, 1, null),
        new TestCase("1", SHA, SHA, 1),
        CheckerSpec.defaultChecker());
  }

  @Test
  void an_api_made_task_passes() {
    assertThat(TaskCheck.problem(withId("0f8e2c9a-5b1d-4c3e-9a7f-2d6b8e1c4a90"))).isNull();
    assertThat(TaskCheck.problem(withId("sub-1"))).isNull();
  }

  @Test
  void a_test_without_an_expected_answer_passes_unless_a_validator_needs_one() {
    SourceFile file = new SourceFile("main.py", SHA, 1, null);
    TestCase runOnly = new TestCase("adhoc/1", SHA, null, 1);
    CheckerSpec custom =
        new CheckerSpec(
            CheckerSpec.CUSTOM, List.of(), "c", List.of(new SourceFile("v.c", SHA, 1, null)));

    assertThat(TaskCheck.problem(task("s1", file, runOnly, CheckerSpec.defaultChecker()))).isNull();
    assertThat(TaskCheck.problem(task("s1", file, runOnly, custom)))
        .startsWith("tests[0].answerSha256 ");
  }

  @Test
  void an_inline_input_that_does_not_hash_to_its_id_is_refused() {
    SourceFile file = new SourceFile("main.py", SHA, 1, null);
    String input = "1 2\n";
    String id = Sha256.hex(input.getBytes(StandardCharsets.UTF_8));

    assertThat(
            TaskCheck.problem(
                task(
                    "s1",
                    file,
                    new TestCase("adhoc/1", id, null, 1, null, input),
                    CheckerSpec.defaultChecker())))
        .isNull();
    assertThat(
            TaskCheck.problem(
                task(
                    "s1",
                    file,
                    new TestCase("adhoc/1", SHA, null, 1, null, input),
                    CheckerSpec.defaultChecker())))
        .isEqualTo("tests[0].input does not hash to its inputSha256");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "..", ".", "../../etc", "/etc", "a/b", "a\\b", "-rf", "sub 1", "sub\n1"})
  void a_submission_id_that_is_no_plain_name_is_refused(String id) {
    assertThat(TaskCheck.problem(withId(id))).startsWith("submissionId ");
    assertThat(TaskCheck.problem(withId(null))).startsWith("submissionId ");
    assertThat(TaskCheck.problem(withId("x".repeat(65)))).startsWith("submissionId ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../main.py", "/etc/passwd", "a/b.py", "..", ".bashrc", ""})
  void a_file_name_that_is_no_plain_name_is_refused(String name) {
    GradingTask source =
        task(
            "s1",
            new SourceFile(name, SHA, 1, "print(1)"),
            new TestCase("1", SHA, SHA, 1),
            CheckerSpec.defaultChecker());
    GradingTask validator =
        task(
            "s1",
            new SourceFile("main.py", SHA, 1, null),
            new TestCase("1", SHA, SHA, 1),
            new CheckerSpec(
                CheckerSpec.CUSTOM, List.of(), "c", List.of(new SourceFile(name, SHA, 1, null))));

    assertThat(TaskCheck.problem(source)).startsWith("files[0].name ");
    assertThat(TaskCheck.problem(validator)).startsWith("checker.files[0].name ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../../etc/shadow", "/etc/shadow", "A", ""})
  void a_file_id_that_is_no_sha256_is_refused(String sha) {
    GradingTask source =
        task(
            "s1",
            new SourceFile("main.py", sha, 1, null),
            new TestCase("1", SHA, SHA, 1),
            CheckerSpec.defaultChecker());
    GradingTask input =
        task(
            "s1",
            new SourceFile("main.py", SHA, 1, null),
            new TestCase("1", sha, SHA, 1),
            CheckerSpec.defaultChecker());
    GradingTask answer =
        task(
            "s1",
            new SourceFile("main.py", SHA, 1, null),
            new TestCase("1", SHA, sha, 1),
            CheckerSpec.defaultChecker());

    assertThat(TaskCheck.problem(source)).startsWith("files[0].sha256 ");
    assertThat(TaskCheck.problem(input)).startsWith("tests[0].inputSha256 ");
    assertThat(TaskCheck.problem(answer)).startsWith("tests[0].answerSha256 ");
  }

  @Test
  void the_grader_refuses_a_task_naming_a_directory_outside_its_work_directory_untouched()
      throws Exception {
    Path runs = Files.createDirectories(temp.resolve("work/core-0/runs"));
    Path victim = Files.createDirectories(temp.resolve("work/victim"));
    Files.writeString(victim.resolve("keep.txt"), "keep");
    VerdictConfig config = ConfigLoader.defaults();
    Languages languages = new Languages(config.enabledLanguages(), System.getProperty("java.home"));
    FileCache cache =
        new FileCache(
            sha -> {
              throw new AssertionError("nothing is fetched for a refused task");
            },
            temp.resolve("cache"),
            1 << 20,
            new MetricRegistry());
    Grader grader =
        new Grader(
            new NoSandbox(),
            61_999,
            cache,
            languages,
            config.limits(),
            runs,
            new Validators(temp.resolve("validators"), languages, cache, config.limits()),
            "test-worker",
            new MetricRegistry());
    GradingTask hostile =
        task(
            "../../victim",
            new SourceFile("main.py", SHA, 8, "print(1)"),
            new TestCase("1", SHA, SHA, 1),
            CheckerSpec.defaultChecker());

    assertThatThrownBy(() -> grader.grade(hostile, GradingListener.NONE))
        .isInstanceOf(InvalidTaskException.class)
        .hasMessageContaining("submissionId '../../victim'");
    assertThat(victim.resolve("keep.txt")).hasContent("keep");
    assertThat(runs).isEmptyDirectory();
  }

  /** A sandbox that must not be used. */
  private static final class NoSandbox implements Sandbox {
    @Override
    public RunResult run(RunRequest request) {
      throw new AssertionError("nothing runs for a refused task: " + request.command());
    }

    @Override
    public String kind() {
      return "none";
    }

    @Override
    public void close() {}
  }
}
