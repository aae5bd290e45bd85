package dev.verdict.worker.grading;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.config.ConfigLoader;
import dev.verdict.common.config.VerdictConfig;
import dev.verdict.common.limits.LimitOverrides;
import dev.verdict.common.message.CheckerSpec;
import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.GradingTask;
import dev.verdict.common.message.SourceFile;
import dev.verdict.common.message.TestCase;
import dev.verdict.common.message.Verdict;
import dev.verdict.worker.cache.FileCache;
import dev.verdict.worker.cgroup.CgroupDriver;
import dev.verdict.worker.language.Languages;
import dev.verdict.worker.sandbox.BubblewrapSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outcome says how long compiling took, and only when something was compiled. The test files
 * come from an in-memory blob source, as in the load generator's baseline: no store runs here.
 */
class GraderCompileTimeIT {
  private static final int UID = 63_002;
  private static final String SUM_C =
      """
      #include <stdio.h>
      int main(void) { long a, b; scanf("%ld %ld", &a, &b); printf("%ld\\n", a + b); return 0; }
      """;

  @TempDir Path temp;
  private final InMemoryBlobs blobs = new InMemoryBlobs();
  private CgroupDriver cgroups;
  private BubblewrapSandbox sandbox;
  private Grader grader;

  @BeforeEach
  void setUp() throws Exception {
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    MetricRegistry metrics = new MetricRegistry();
    VerdictConfig config = ConfigLoader.defaults();
    FileCache cache = blobs.cache(temp.resolve("cache"), metrics);
    Languages languages = new Languages(config.enabledLanguages(), System.getProperty("java.home"));
    cgroups = CgroupDriver.detect("verdict-compile-time-test");
    sandbox =
        new BubblewrapSandbox(
            cgroups.forSlot(0, 0), temp.resolve("scratch"), UID, "/usr/bin/bwrap");
    grader =
        new Grader(
            sandbox,
            UID,
            cache,
            languages,
            config.limits(),
            Files.createDirectories(temp.resolve("runs")),
            new Validators(temp.resolve("validators"), languages, cache, config.limits()),
            "test-worker",
            metrics);
  }

  @AfterEach
  void tearDown() {
    sandbox.close();
    cgroups.close();
  }

  private GradingTask task(String id, String language, String file, String source) {
    return new GradingTask(
        GradingTask.VERSION,
        id,
        "sum",
        "v1",
        language,
        List.of(new SourceFile(file, blobs.put(source), source.length(), source)),
        List.of(new TestCase("1", blobs.put("1 2\n"), blobs.put("3\n"), 1)),
        LimitOverrides.NONE,
        CheckerSpec.defaultChecker(),
        true,
        System.currentTimeMillis());
  }

  @Test
  void a_compiled_submission_reports_its_compile_time() {
    GradingOutcome outcome = grader.grade(task("c1", "c", "main.c", SUM_C), GradingListener.NONE);

    assertThat(outcome.verdict()).as(outcome.toString()).isEqualTo(Verdict.ACCEPTED);
    assertThat(outcome.compileTimeMs()).isNotNull().isPositive();
  }

  @Test
  void a_submission_that_does_not_compile_still_reports_its_compile_time() {
    GradingOutcome outcome =
        grader.grade(
            task("c2", "c", "main.c", "int main(void) { return oops; }\n"), GradingListener.NONE);

    assertThat(outcome.verdict()).isEqualTo(Verdict.COMPILATION_ERROR);
    assertThat(outcome.compileTimeMs()).isNotNull().isPositive();
  }

  @Test
  void an_interpreted_submission_reports_its_syntax_check_as_compile_time() {
    // Bash, like every interpreted language here, has its syntax checked at the compile step
    // (bash -n), so its compile time is that check's.
    GradingOutcome outcome =
        grader.grade(
            task("b1", "bash", "main.sh", "read a b\necho $((a + b))\n"), GradingListener.NONE);

    assertThat(outcome.verdict()).as(outcome.toString()).isEqualTo(Verdict.ACCEPTED);
    assertThat(outcome.compileTimeMs()).isNotNull().isPositive();
  }
}
