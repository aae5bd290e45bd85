package dev.verdict.loadgen.packages;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExpectationTest {

  @Test
  void accepted_needs_the_full_score_of_a_scoring_problem() {
    Expectation accepted = Expectation.of("accepted", "print(1)");
    assertThat(accepted.metBy("ACCEPTED", null, null)).isTrue();
    assertThat(accepted.metBy("ACCEPTED", 100.0, 100.0)).isTrue();
    assertThat(accepted.metBy("ACCEPTED", 50.0, 100.0)).isFalse();
    assertThat(accepted.metBy("WRONG_ANSWER", null, null)).isFalse();
  }

  @Test
  void partially_accepted_is_accepted_with_some_but_not_all_points() {
    Expectation partial = Expectation.of("partially_accepted", "");
    assertThat(partial.metBy("ACCEPTED", 50.0, 100.0)).isTrue();
    assertThat(partial.metBy("ACCEPTED", 0.0, 100.0)).isFalse();
    assertThat(partial.metBy("ACCEPTED", 100.0, 100.0)).isFalse();
    assertThat(partial.metBy("WRONG_ANSWER", 50.0, 100.0)).isFalse();
  }

  @Test
  void run_time_errors_include_the_memory_and_output_limits() {
    Expectation crash = Expectation.of("run_time_error", "");
    assertThat(crash.metBy("RUNTIME_ERROR", null, null)).isTrue();
    assertThat(crash.metBy("MEMORY_LIMIT_EXCEEDED", null, null)).isTrue();
    assertThat(crash.metBy("OUTPUT_LIMIT_EXCEEDED", null, null)).isTrue();
    assertThat(crash.metBy("TIME_LIMIT_EXCEEDED", null, null)).isFalse();
  }

  @Test
  void rejected_is_anything_but_accepted_and_other_folders_expect_nothing() {
    assertThat(Expectation.of("rejected", "").metBy("ACCEPTED", null, null)).isFalse();
    assertThat(Expectation.of("rejected", "").metBy("WRONG_ANSWER", null, null)).isTrue();
    assertThat(Expectation.of("slow_accepted", "")).isNull();
    assertThat(Expectation.of("brute_force", "")).isNull();
  }

  @Test
  void an_expected_results_line_replaces_the_folders_verdicts() {
    Expectation listed =
        Expectation.of("wrong_answer", "// @EXPECTED_RESULTS@: WRONG-ANSWER, TIMELIMIT\n");
    assertThat(listed.metBy("TIME_LIMIT_EXCEEDED", null, null)).isTrue();
    assertThat(listed.metBy("WRONG_ANSWER", null, null)).isTrue();
    assertThat(listed.metBy("RUNTIME_ERROR", null, null)).isFalse();
    assertThat(Expectation.of("other", "# @EXPECTED_RESULTS@: CORRECT").verdicts())
        .containsExactly("ACCEPTED");
  }
}
