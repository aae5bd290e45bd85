package dev.verdict.common.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The final result of grading a submission.
 *
 * @param verdict the first failing test's verdict, ACCEPTED if none failed
 * @param score the sum of the weights of the passed tests
 * @param compileOutput the compiler's (capped) output, or empty
 * @param error what went wrong inside the grader, for INTERNAL_ERROR
 * @param compileTimeMs the compile run's wall time, or null when nothing was compiled (an
 *     interpreted language, or grading stopped before compiling); absent from messages written
 *     before it existed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GradingOutcome(
    Verdict verdict,
    int score,
    int maxScore,
    String compileOutput,
    List<TestResult> tests,
    String workerId,
    long startedAt,
    long finishedAt,
    String error,
    Double compileTimeMs) {

  public GradingOutcome {
    tests = tests == null ? List.of() : List.copyOf(tests);
    compileOutput = compileOutput == null ? "" : compileOutput;
  }

  /** Overall verdict and score from the test results, in order. */
  public static GradingOutcome fromTests(
      List<TestResult> tests,
      int maxScore,
      String compileOutput,
      String workerId,
      long startedAt,
      long finishedAt) {
    Verdict verdict = Verdict.ACCEPTED;
    int score = 0;
    for (TestResult test : tests) {
      if (test.passed()) {
        score += test.weight();
      } else if (verdict == Verdict.ACCEPTED) {
        verdict = test.verdict();
      }
    }
    return new GradingOutcome(
        verdict,
        score,
        maxScore,
        compileOutput,
        tests,
        workerId,
        startedAt,
        finishedAt,
        null,
        null);
  }

  public static GradingOutcome failed(
      Verdict verdict,
      int maxScore,
      String compileOutput,
      String workerId,
      long startedAt,
      long finishedAt,
      String error) {
    return new GradingOutcome(
        verdict,
        0,
        maxScore,
        compileOutput,
        List.of(),
        workerId,
        startedAt,
        finishedAt,
        error,
        null);
  }

  /** The same outcome, saying how long the compile run took (null: nothing was compiled). */
  public GradingOutcome withCompileTimeMs(Double ms) {
    return new GradingOutcome(
        verdict, score, maxScore, compileOutput, tests, workerId, startedAt, finishedAt, error, ms);
  }
}
