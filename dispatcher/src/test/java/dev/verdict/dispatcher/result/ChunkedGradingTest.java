package dev.verdict.dispatcher.result;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.TestChunk;
import dev.verdict.common.message.TestResult;
import dev.verdict.common.message.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A split submission's parts put back together give what one task grading every test in order
 * gives: the verdict of the first failing test, the score, and with stop-on-failure no test after
 * it; and the outcome is decided as soon as the parts before the deciding one are in.
 */
class ChunkedGradingTest {
  private static final int SIZE = 3;

  /** Verdicts of nine tests, in order: a runtime error at 4 and a wrong answer at 7. */
  private static final List<Verdict> VERDICTS =
      List.of(
          Verdict.ACCEPTED,
          Verdict.ACCEPTED,
          Verdict.ACCEPTED,
          Verdict.ACCEPTED,
          Verdict.RUNTIME_ERROR,
          Verdict.ACCEPTED,
          Verdict.ACCEPTED,
          Verdict.WRONG_ANSWER,
          Verdict.ACCEPTED);

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void the_parts_together_give_the_sequential_outcome(boolean stopOnFailure) {
    List<TestResult> all = tests(VERDICTS);
    GradingOutcome sequential = sequential(all, stopOnFailure);

    GradingOutcome chunked =
        ChunkedGrading.decide(parts(all, stopOnFailure), chunk(stopOnFailure)).orElseThrow();

    assertThat(chunked.verdict()).isEqualTo(Verdict.RUNTIME_ERROR);
    assertThat(chunked.verdict()).isEqualTo(sequential.verdict());
    assertThat(chunked.score()).isEqualTo(sequential.score());
    assertThat(chunked.maxScore()).isEqualTo(sequential.maxScore()).isEqualTo(9.0);
    assertThat(chunked.tests()).isEqualTo(sequential.tests());
  }

  @Test
  void with_stop_on_failure_the_part_with_the_first_failure_decides_without_the_later_ones() {
    Map<Integer, GradingOutcome> parts = parts(tests(VERDICTS), true);
    parts.remove(2);

    Optional<GradingOutcome> decided = ChunkedGrading.decide(parts, chunk(true));

    assertThat(decided).isPresent();
    assertThat(decided.get().tests()).hasSize(5);
    assertThat(decided.get().chunks()).hasSize(2);
  }

  @Test
  void a_missing_part_before_the_first_failure_leaves_the_outcome_undecided() {
    Map<Integer, GradingOutcome> parts = parts(tests(VERDICTS), true);
    parts.remove(0);

    assertThat(ChunkedGrading.decide(parts, chunk(true))).isEmpty();
    assertThat(ChunkedGrading.decide(new HashMap<>(parts(tests(VERDICTS), false)), chunk(false)))
        .isPresent();
    Map<Integer, GradingOutcome> withoutLast = parts(tests(VERDICTS), false);
    withoutLast.remove(2);
    assertThat(ChunkedGrading.decide(withoutLast, chunk(false))).isEmpty();
  }

  @Test
  void a_part_that_failed_to_compile_makes_the_whole_a_compile_error() {
    Map<Integer, GradingOutcome> parts = parts(tests(VERDICTS), false);
    parts.put(
        1,
        GradingOutcome.failed(
            Verdict.COMPILATION_ERROR, 3.0, "main.c:1: error", "w", 10, 20, null));

    GradingOutcome decided = ChunkedGrading.decide(parts, chunk(false)).orElseThrow();

    assertThat(decided.verdict()).isEqualTo(Verdict.COMPILATION_ERROR);
    assertThat(decided.tests()).isEmpty();
    assertThat(decided.score()).isZero();
    assertThat(decided.compileOutput()).isEqualTo("main.c:1: error");
  }

  private static TestChunk chunk(boolean stopOnFailure) {
    return new TestChunk(0, VERDICTS.size() / SIZE, 0, stopOnFailure, VERDICTS.size());
  }

  /** What one task grading {@code all} in order reports. */
  private static GradingOutcome sequential(List<TestResult> all, boolean stopOnFailure) {
    List<TestResult> ran = new ArrayList<>();
    for (TestResult test : all) {
      ran.add(test);
      if (stopOnFailure && !test.passed()) {
        break;
      }
    }
    return GradingOutcome.fromTests(ran, all.size(), "", "w", 10, 20);
  }

  /** What each part of {@link #SIZE} tests reports, graded on its own. */
  private static Map<Integer, GradingOutcome> parts(List<TestResult> all, boolean stopOnFailure) {
    Map<Integer, GradingOutcome> parts = new HashMap<>();
    for (int index = 0; index * SIZE < all.size(); index++) {
      List<TestResult> part = all.subList(index * SIZE, (index + 1) * SIZE);
      GradingOutcome graded = sequential(part, stopOnFailure);
      parts.put(
          index,
          new GradingOutcome(
              graded.verdict(),
              graded.score(),
              (double) SIZE,
              "",
              graded.tests(),
              "w" + index,
              10 + index,
              20 + index,
              null,
              null,
              null));
    }
    return parts;
  }

  private static List<TestResult> tests(List<Verdict> verdicts) {
    List<TestResult> tests = new ArrayList<>();
    for (int i = 0; i < verdicts.size(); i++) {
      tests.add(new TestResult("secret/" + i, verdicts.get(i), 1, 5, 6, 1024, 0, null, null));
    }
    return tests;
  }
}
