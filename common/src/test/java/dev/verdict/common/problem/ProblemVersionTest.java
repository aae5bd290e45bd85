package dev.verdict.common.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.common.limits.LimitOverrides;
import dev.verdict.common.message.CheckerSpec;
import dev.verdict.common.message.GradingTask;
import dev.verdict.common.message.SourceFile;
import dev.verdict.common.message.SubmissionQueued;
import dev.verdict.common.message.TestCase;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemVersionTest {
  private static final ProblemVersion PROBLEM =
      new ProblemVersion(
          "sum",
          "0123456789abcdef",
          "Sum",
          new LimitOverrides(2_000L, null, 256, null, null, null, null, null, null),
          new CheckerSpec(CheckerSpec.EXACT, List.of("case_sensitive")),
          List.of(
              new TestCase("sample/1", "in1", "ans1", 1),
              new TestCase("secret/01", "in2", "ans2", 4)),
          false,
          ProblemType.SCORING,
          null);

  private static SubmissionQueued submission(String problemId, String version) {
    return new SubmissionQueued(
        SubmissionQueued.VERSION,
        "sub-1",
        problemId,
        version,
        "python3",
        List.of(new SourceFile("main.py", "abc", 13, "print(1 + 2)\n")),
        1_700_000_000_000L,
        null);
  }

  @Test
  void the_task_carries_the_submission_and_everything_the_version_grades_it_with() {
    SubmissionQueued submission = submission("sum", "0123456789abcdef");

    GradingTask task = PROBLEM.taskFor(submission);

    assertThat(task)
        .isEqualTo(
            new GradingTask(
                GradingTask.VERSION,
                "sub-1",
                "sum",
                "0123456789abcdef",
                "python3",
                submission.files(),
                PROBLEM.tests(),
                PROBLEM.limits(),
                PROBLEM.checker(),
                false,
                1_700_000_000_000L));
    assertThat(task.maxScore()).isEqualTo(PROBLEM.maxScore()).isEqualTo(5);
  }

  @Test
  void a_submission_for_another_version_is_refused_naming_both() {
    assertThatThrownBy(() -> PROBLEM.taskFor(submission("sum", "ffffffffffffffff")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sum@ffffffffffffffff")
        .hasMessageContaining("sum@0123456789abcdef");
  }
}
