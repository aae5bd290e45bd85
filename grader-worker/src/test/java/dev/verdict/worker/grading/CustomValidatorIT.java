package dev.verdict.worker.grading;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.blob.BlobStore;
import dev.verdict.common.config.ConfigLoader;
import dev.verdict.common.config.VerdictConfig;
import dev.verdict.common.limits.LimitOverrides;
import dev.verdict.common.message.CheckerSpec;
import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.GradingTask;
import dev.verdict.common.message.SourceFile;
import dev.verdict.common.message.TestCase;
import dev.verdict.common.message.Verdict;
import dev.verdict.common.testing.MongoExtension;
import dev.verdict.worker.cache.FileCache;
import dev.verdict.worker.cgroup.CgroupDriver;
import dev.verdict.worker.language.Languages;
import dev.verdict.worker.sandbox.BubblewrapSandbox;
import dev.verdict.worker.sandbox.RunRequest;
import dev.verdict.worker.sandbox.RunResult;
import dev.verdict.worker.sandbox.Sandbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A problem's own output validator, compiled once and run in the sandbox per test. */
class CustomValidatorIT {
  private static final int UID = 63_000;
  private static final String VALIDATOR_C =
      """
      #include <stdio.h>
      #include <stdlib.h>
      /* Accepts an output equal to twice the input number. */
      int main(int argc, char **argv) {
        FILE *in = fopen(argv[1], "r");
        long n, got;
        if (!in || fscanf(in, "%ld", &n) != 1) return 1;
        if (scanf("%ld", &got) != 1 || got != 2 * n) {
          char path[4096];
          snprintf(path, sizeof path, "%s/judgemessage.txt", argv[3]);
          FILE *msg = fopen(path, "w");
          fprintf(msg, "wanted %ld", 2 * n);
          fclose(msg);
          return 43;
        }
        return 42;
      }
      """;

  @TempDir Path temp;
  @RegisterExtension static final MongoExtension mongo = MongoExtension.perTest();
  private BlobStore blobs;
  private CgroupDriver cgroups;
  private BubblewrapSandbox bubblewrap;
  private final AtomicInteger validatorCompiles = new AtomicInteger();
  private Grader grader;

  @BeforeEach
  void setUp() throws Exception {
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    MetricRegistry metrics = new MetricRegistry();
    blobs = new BlobStore(mongo.database(), metrics);
    VerdictConfig config = ConfigLoader.defaults();
    FileCache cache = new FileCache(blobs, temp.resolve("cache"), 1 << 26, metrics);
    Languages languages = new Languages(config.enabledLanguages(), System.getProperty("java.home"));
    cgroups = CgroupDriver.detect("verdict-validator-test");
    bubblewrap =
        new BubblewrapSandbox(
            cgroups.forSlot(0, 0), temp.resolve("scratch"), UID, "/usr/bin/bwrap");
    // why: a decorator over the real sandbox, only counting the validator compilations.
    Sandbox counting =
        new Sandbox() {
          @Override
          public RunResult run(RunRequest request) {
            if (request.writableWorkDir() && request.command().get(0).endsWith("gcc")) {
              validatorCompiles.incrementAndGet();
            }
            return bubblewrap.run(request);
          }

          @Override
          public String kind() {
            return bubblewrap.kind();
          }

          @Override
          public void close() {
            bubblewrap.close();
          }
        };
    Path runs = Files.createDirectories(temp.resolve("runs"));
    grader =
        new Grader(
            counting,
            UID,
            cache,
            languages,
            config.limits(),
            runs,
            new Validators(temp.resolve("validators"), languages, cache, config.limits()),
            "test-worker",
            metrics);
  }

  @AfterEach
  void tearDown() {
    bubblewrap.close();
    cgroups.close();
  }

  private SourceFile stored(String name, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    return new SourceFile(name, blobs.put(bytes), bytes.length, null);
  }

  private GradingTask task(String id, String solution, CheckerSpec checker) {
    List<TestCase> tests =
        List.of(
            new TestCase(
                "1",
                blobs.put("21\n".getBytes(StandardCharsets.UTF_8)),
                blobs.put("42\n".getBytes(StandardCharsets.UTF_8)),
                1),
            new TestCase(
                "2",
                blobs.put("5\n".getBytes(StandardCharsets.UTF_8)),
                blobs.put("10\n".getBytes(StandardCharsets.UTF_8)),
                1));
    return new GradingTask(
        GradingTask.VERSION,
        id,
        "double",
        "v1",
        "python3",
        List.of(new SourceFile("main.py", "x", solution.length(), solution)),
        tests,
        LimitOverrides.NONE,
        checker,
        false,
        System.currentTimeMillis());
  }

  private CheckerSpec validator(String name, String source) {
    return new CheckerSpec(CheckerSpec.CUSTOM, List.of(), "c", List.of(stored(name, source)));
  }

  @Test
  void the_validator_accepts_right_output_and_explains_wrong_output() {
    CheckerSpec checker = validator("validate.c", VALIDATOR_C);

    GradingOutcome right =
        grader.grade(task("s1", "print(2 * int(input()))", checker), GradingListener.NONE);
    GradingOutcome wrong =
        grader.grade(task("s2", "print(int(input()) + 21)", checker), GradingListener.NONE);

    assertThat(right.verdict()).isEqualTo(Verdict.ACCEPTED);
    assertThat(right.score()).isEqualTo(2);
    assertThat(wrong.tests().get(0).verdict()).isEqualTo(Verdict.ACCEPTED);
    assertThat(wrong.tests().get(1).verdict()).isEqualTo(Verdict.WRONG_ANSWER);
    assertThat(wrong.tests().get(1).checkerMessage()).isEqualTo("wanted 10");
    assertThat(wrong.verdict()).isEqualTo(Verdict.WRONG_ANSWER);
  }

  @Test
  void the_validator_is_compiled_once_per_worker() {
    CheckerSpec checker = validator("validate.c", VALIDATOR_C);

    grader.grade(task("s1", "print(2 * int(input()))", checker), GradingListener.NONE);
    grader.grade(task("s2", "print(2 * int(input()))", checker), GradingListener.NONE);

    assertThat(validatorCompiles).hasValue(1);
  }

  @Test
  void a_crashing_validator_is_a_judge_error_not_the_contestants_fault() {
    CheckerSpec checker =
        validator("crash.c", "#include <stdlib.h>\nint main(void) { abort(); }\n");

    GradingOutcome outcome =
        grader.grade(task("s3", "print(2 * int(input()))", checker), GradingListener.NONE);

    assertThat(outcome.verdict()).isEqualTo(Verdict.INTERNAL_ERROR);
    assertThat(outcome.tests().get(0).verdict()).isEqualTo(Verdict.INTERNAL_ERROR);
    assertThat(outcome.tests().get(0).checkerMessage()).contains("output validator failed");
  }

  @Test
  void a_validator_that_does_not_compile_fails_the_task_as_an_internal_error() {
    CheckerSpec checker = validator("broken.c", "int main(void) { return oops; }\n");

    GradingOutcome outcome =
        grader.grade(task("s4", "print(2 * int(input()))", checker), GradingListener.NONE);

    assertThat(outcome.verdict()).isEqualTo(Verdict.INTERNAL_ERROR);
    assertThat(outcome.error()).contains("does not compile");
    assertThat(outcome.tests()).isEmpty();
  }

  @Test
  void a_python_validator_runs_without_compiling() {
    CheckerSpec checker =
        new CheckerSpec(
            CheckerSpec.CUSTOM,
            List.of(),
            "python3",
            List.of(
                stored(
                    "check.py",
                    """
                    import sys
                    n = int(open(sys.argv[1]).read())
                    sys.exit(42 if int(sys.stdin.read()) == 2 * n else 43)
                    """)));

    GradingOutcome outcome =
        grader.grade(task("s5", "print(2 * int(input()))", checker), GradingListener.NONE);

    assertThat(outcome.verdict()).as(outcome.toString()).isEqualTo(Verdict.ACCEPTED);
  }
}
