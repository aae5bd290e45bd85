package dev.verdict.common.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GradingOutcomeTest {

  @Test
  void all_tests_passed_is_accepted_with_the_sum_of_all_weights() {
    GradingOutcome outcome =
        fromTests(test(Verdict.ACCEPTED, 1), test(Verdict.ACCEPTED, 2), test(Verdict.ACCEPTED, 3));

    assertThat(outcome.verdict()).isEqualTo(Verdict.ACCEPTED);
    assertThat(outcome.score()).isEqualTo(6);
  }

  @Test
  void the_verdict_is_the_first_failing_test_s_and_the_score_counts_only_passed_tests() {
    GradingOutcome outcome =
        fromTests(
            test(Verdict.ACCEPTED, 1),
            test(Verdict.TIME_LIMIT_EXCEEDED, 2),
            test(Verdict.WRONG_ANSWER, 3),
            test(Verdict.ACCEPTED, 4));

    assertThat(outcome.verdict()).isEqualTo(Verdict.TIME_LIMIT_EXCEEDED);
    assertThat(outcome.score()).isEqualTo(1 + 4);
  }

  @Test
  void a_failing_first_test_decides_the_verdict() {
    GradingOutcome outcome =
        fromTests(test(Verdict.RUNTIME_ERROR, 1), test(Verdict.MEMORY_LIMIT_EXCEEDED, 1));

    assertThat(outcome.verdict()).isEqualTo(Verdict.RUNTIME_ERROR);
    assertThat(outcome.score()).isZero();
  }

  @Test
  void the_outcome_keeps_tests_in_order_and_the_run_s_details() {
    List<TestResult> tests = List.of(test(Verdict.ACCEPTED, 1), test(Verdict.WRONG_ANSWER, 2));

    GradingOutcome outcome = GradingOutcome.fromTests(tests, 3, "warning", "worker-a", 10, 20);

    assertThat(outcome.tests()).isEqualTo(tests);
    assertThat(outcome.maxScore()).isEqualTo(3);
    assertThat(outcome.compileOutput()).isEqualTo("warning");
    assertThat(outcome.workerId()).isEqualTo("worker-a");
    assertThat(outcome.startedAt()).isEqualTo(10);
    assertThat(outcome.finishedAt()).isEqualTo(20);
    assertThat(outcome.error()).isNull();
  }

  @Test
  void a_failed_grading_scores_zero_and_says_why() {
    GradingOutcome outcome =
        GradingOutcome.failed(
            Verdict.COMPILATION_ERROR, 10, "main.c:1: error", "worker-a", 10, 20, null);

    assertThat(outcome.verdict()).isEqualTo(Verdict.COMPILATION_ERROR);
    assertThat(outcome.score()).isZero();
    assertThat(outcome.maxScore()).isEqualTo(10);
    assertThat(outcome.tests()).isEmpty();
    assertThat(outcome.compileOutput()).isEqualTo("main.c:1: error");
  }

  @Test
  void missing_compile_output_and_tests_read_as_empty() {
    GradingOutcome outcome =
        new GradingOutcome(Verdict.ACCEPTED, 0, 0, null, null, "w", 0, 0, null, null);

    assertThat(outcome.compileOutput()).isEmpty();
    assertThat(outcome.tests()).isEmpty();
  }

  private static GradingOutcome fromTests(TestResult... tests) {
    return GradingOutcome.fromTests(List.of(tests), 100, "", "worker-a", 1, 2);
  }

  private static TestResult test(Verdict verdict, int weight) {
    return new TestResult("t" + weight, verdict, weight, 1, 2, 3, 0, null, null);
  }
}
