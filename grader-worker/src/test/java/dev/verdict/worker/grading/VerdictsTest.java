package dev.verdict.worker.grading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.common.config.ConfigLoader;
import dev.verdict.common.message.Verdict;
import dev.verdict.worker.checker.CheckResult;
import dev.verdict.worker.language.Language;
import dev.verdict.worker.sandbox.RunResult;
import dev.verdict.worker.sandbox.Termination;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class VerdictsTest {
  private static final Language JAVA =
      new Language("java", ConfigLoader.defaults().languages().get("java"), "/usr/lib/jvm/x");
  private static final Language C =
      new Language("c", ConfigLoader.defaults().languages().get("c"), "/usr/lib/jvm/x");

  private static RunResult run(Termination termination, int exit, String stdout, String stderr) {
    return new RunResult(
        termination,
        exit,
        10,
        20,
        1024,
        stdout.getBytes(StandardCharsets.UTF_8),
        stderr.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void a_clean_exit_with_the_right_output_is_accepted() {
    assertThat(Verdicts.of(run(Termination.EXITED, 0, "3\n", ""), C, CheckResult::ok))
        .isEqualTo(Verdict.ACCEPTED);
  }

  @Test
  void a_clean_exit_with_the_wrong_output_is_a_wrong_answer() {
    assertThat(Verdicts.of(run(Termination.EXITED, 0, "4\n", ""), C, () -> CheckResult.wrong("no")))
        .isEqualTo(Verdict.WRONG_ANSWER);
  }

  @Test
  void limits_win_over_the_output_and_the_checker_is_not_asked() {
    AtomicBoolean asked = new AtomicBoolean();
    var checker =
        (java.util.function.Supplier<CheckResult>)
            () -> {
              asked.set(true);
              return CheckResult.ok();
            };

    assertThat(Verdicts.of(run(Termination.CPU_TIME_LIMIT, 137, "3\n", ""), C, checker))
        .isEqualTo(Verdict.TIME_LIMIT_EXCEEDED);
    assertThat(Verdicts.of(run(Termination.WALL_TIME_LIMIT, 137, "3\n", ""), C, checker))
        .isEqualTo(Verdict.TIME_LIMIT_EXCEEDED);
    assertThat(Verdicts.of(run(Termination.MEMORY_LIMIT, 137, "3\n", ""), C, checker))
        .isEqualTo(Verdict.MEMORY_LIMIT_EXCEEDED);
    assertThat(Verdicts.of(run(Termination.OUTPUT_LIMIT, 141, "3\n", ""), C, checker))
        .isEqualTo(Verdict.OUTPUT_LIMIT_EXCEEDED);
    assertThat(asked).isFalse();
  }

  @Test
  void a_non_zero_exit_is_a_runtime_error_even_with_the_right_output() {
    assertThat(Verdicts.of(run(Termination.EXITED, 1, "3\n", ""), C, CheckResult::ok))
        .isEqualTo(Verdict.RUNTIME_ERROR);
    assertThat(Verdicts.of(run(Termination.EXITED, 139, "", ""), C, CheckResult::ok))
        .isEqualTo(Verdict.RUNTIME_ERROR);
  }

  @Test
  void a_runtime_reporting_its_own_out_of_memory_is_a_memory_limit_exceeded() {
    String jvm = "Terminating due to java.lang.OutOfMemoryError: Java heap space";

    assertThat(Verdicts.of(run(Termination.EXITED, 3, jvm, ""), JAVA, CheckResult::ok))
        .isEqualTo(Verdict.MEMORY_LIMIT_EXCEEDED);
    assertThat(Verdicts.of(run(Termination.EXITED, 1, "", jvm), JAVA, CheckResult::ok))
        .isEqualTo(Verdict.MEMORY_LIMIT_EXCEEDED);
    assertThat(Verdicts.of(run(Termination.EXITED, 0, jvm, ""), JAVA, CheckResult::ok))
        .as("a successful run is judged by its output")
        .isEqualTo(Verdict.ACCEPTED);
    assertThat(Verdicts.of(run(Termination.EXITED, 1, "", jvm), C, CheckResult::ok))
        .as("C has no such pattern")
        .isEqualTo(Verdict.RUNTIME_ERROR);
  }
}
