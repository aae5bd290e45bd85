package dev.verdict.worker.grading;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.blob.Sha256;
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
import dev.verdict.worker.language.Languages;
import dev.verdict.worker.sandbox.RunRequest;
import dev.verdict.worker.sandbox.RunResult;
import dev.verdict.worker.sandbox.Sandbox;
import dev.verdict.worker.sandbox.Termination;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An ad-hoc run's input that came inside the task is what the program reads, with no fetch. */
class InlineInputTest {
  @TempDir Path temp;

  @Test
  void a_run_reads_its_inline_input_and_nothing_is_fetched() {
    String input = "3 4\n";
    String source = "print(input())\n";
    byte[] sourceBytes = source.getBytes(StandardCharsets.UTF_8);
    GradingTask task =
        new GradingTask(
            GradingTask.VERSION,
            "run-1",
            GradingTask.ADHOC_PROBLEM,
            "v1",
            "python3",
            List.of(new SourceFile("prog.py", Sha256.hex(sourceBytes), sourceBytes.length, source)),
            List.of(
                new TestCase(
                    "adhoc/1",
                    Sha256.hex(input.getBytes(StandardCharsets.UTF_8)),
                    null,
                    1,
                    null,
                    input)),
            LimitOverrides.NONE,
            CheckerSpec.defaultChecker(),
            false,
            0);

    GradingOutcome outcome = grader().grade(task, GradingListener.NONE);

    assertThat(outcome.verdict()).isEqualTo(Verdict.ACCEPTED);
    assertThat(outcome.tests())
        .singleElement()
        .satisfies(t -> assertThat(t.stdout()).isEqualTo(input));
  }

  private Grader grader() {
    VerdictConfig config = ConfigLoader.defaults();
    Languages languages = new Languages(config.enabledLanguages(), System.getProperty("java.home"));
    FileCache cache =
        new FileCache(
            sha -> {
              throw new AssertionError("an inline input is not fetched: " + sha);
            },
            temp.resolve("cache"),
            1 << 20,
            new MetricRegistry());
    return new Grader(
        new EchoSandbox(),
        61_999,
        cache,
        languages,
        config.limits(),
        temp.resolve("work/core-0/runs"),
        new Validators(temp.resolve("validators"), languages, cache, config.limits()),
        "test-worker",
        new MetricRegistry());
  }

  /** Runs nothing: a step without standard input succeeds, a run writes its input back. */
  private static final class EchoSandbox implements Sandbox {
    @Override
    public RunResult run(RunRequest request) {
      byte[] stdout;
      try {
        stdout = request.stdin() == null ? new byte[0] : Files.readAllBytes(request.stdin());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new RunResult(Termination.EXITED, 0, 1, 1, 0, stdout, new byte[0]);
    }

    @Override
    public String kind() {
      return "echo";
    }

    @Override
    public void close() {}
  }
}
