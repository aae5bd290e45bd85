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
import dev.verdict.worker.sandbox.Sandbox;
import dev.verdict.worker.sandbox.SlotSandboxes;
import dev.verdict.worker.sandbox.WorkArea;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A submission graded as a worker grades it: the default sandbox (built-in, started by the slot's
 * spawner) and the slot's work area. The test files come from an in-memory blob source.
 */
class GraderWorkAreaIT {
  private static final int FILES = 5_000;

  @TempDir Path temp;
  private final InMemoryBlobs blobs = new InMemoryBlobs();
  private CgroupDriver cgroups;
  private SlotSandboxes sandboxes;
  private Sandbox sandbox;
  private WorkArea area;
  private Grader grader;

  @BeforeEach
  void setUp() throws Exception {
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    MetricRegistry metrics = new MetricRegistry();
    VerdictConfig config =
        ConfigLoader.load(
            null, Map.of(), List.of("worker.uidBase=63300", "worker.cgroupFavorDynmods=false"));
    FileCache cache = blobs.cache(temp.resolve("cache"), metrics);
    Languages languages = new Languages(config.enabledLanguages(), System.getProperty("java.home"));
    cgroups = CgroupDriver.detect("verdict-work-area-test");
    sandboxes =
        new SlotSandboxes(config.worker(), "verdict-it-wa", cgroups, temp.resolve("bin"), metrics);
    sandbox = sandboxes.forSlot(0, 0, temp.resolve("scratch"));
    area = WorkArea.mount(temp.resolve("runs"), 64L << 20, 4 * FILES);
    grader =
        new Grader(
            sandbox,
            sandboxes.uid(0),
            cache,
            languages,
            config.limits(),
            area.dir(),
            new Validators(temp.resolve("validators"), languages, cache, config.limits()),
            "test-worker",
            metrics);
  }

  @AfterEach
  void tearDown() {
    area.close();
    sandbox.close();
    sandboxes.close();
    cgroups.close();
  }

  private SourceFile file(String name, String source) {
    return new SourceFile(name, blobs.put(source), source.length(), source);
  }

  @Test
  void a_submission_of_five_thousand_files_gets_its_verdict() {
    // why: once one mount per file of the work directory, the launcher refused a test run past
    // 1,024 files and the slot's spawner exited past about 1,330: the task was retried three times
    // and dead-lettered as INTERNAL_ERROR.
    List<SourceFile> files = new ArrayList<>();
    files.add(
        file(
            "main.py",
            "import m"
                + (FILES - 2)
                + " as last\na, b = map(int, input().split())\n"
                + "print(a + b + last.ZERO)\n"));
    for (int i = 0; i < FILES - 1; i++) {
      files.add(file("m" + i + ".py", "ZERO = 0\n"));
    }
    GradingTask task =
        new GradingTask(
            GradingTask.VERSION,
            "many-files",
            "sum",
            "v1",
            "python3",
            files,
            List.of(new TestCase("1", blobs.put("1 2\n"), blobs.put("3\n"), 1)),
            LimitOverrides.NONE,
            CheckerSpec.defaultChecker(),
            true,
            System.currentTimeMillis(),
            null,
            "main.py");

    GradingOutcome outcome = grader.grade(task, GradingListener.NONE);

    assertThat(outcome.verdict()).as(outcome.toString()).isEqualTo(Verdict.ACCEPTED);
    assertThat(area.dir()).isEmptyDirectory();
  }
}
