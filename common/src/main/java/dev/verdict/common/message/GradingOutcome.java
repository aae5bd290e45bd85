package dev.verdict.common.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;

/**
 * The final result of grading a submission.
 *
 * @param verdict the first failing test's verdict, ACCEPTED if none failed; for a scoring problem
 *     with test groups, the verdict its groups' rules give (docs/problems.md §10.3, §11.4)
 * @param score the sum of the weights of the passed tests; for a scoring problem with test groups,
 *     the score its groups give (0 unless ACCEPTED); may be a fraction
 * @param maxScore the highest score the problem gives, or null when the package sets no bound
 * @param compileOutput the compiler's (capped) output, or empty
 * @param error what went wrong inside the grader, for INTERNAL_ERROR
 * @param compileTimeMs the compile run's wall time, or null when nothing was compiled (an
 *     interpreted language, or grading stopped before compiling); absent from messages written
 *     before it existed
 * @param groups for a scoring problem with test groups: each group's result in judging order; null
 *     otherwise
 * @param chunks when the tests were split over several tasks ({@code dispatcher.testChunkSize}):
 *     how each part was graded, in test order; null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GradingOutcome(
    Verdict verdict,
    @JsonSerialize(using = WholeNumbers.class) double score,
    @JsonSerialize(using = WholeNumbers.class) Double maxScore,
    String compileOutput,
    List<TestResult> tests,
    String workerId,
    long startedAt,
    long finishedAt,
    String error,
    Double compileTimeMs,
    List<GroupResult> groups,
    List<ChunkRun> chunks) {

  public GradingOutcome {
    tests = tests == null ? List.of() : List.copyOf(tests);
    groups = groups == null ? null : List.copyOf(groups);
    chunks = chunks == null ? null : List.copyOf(chunks);
    compileOutput = compileOutput == null ? "" : compileOutput;
  }

  /** An outcome of one task. */
  public GradingOutcome(
      Verdict verdict,
      double score,
      Double maxScore,
      String compileOutput,
      List<TestResult> tests,
      String workerId,
      long startedAt,
      long finishedAt,
      String error,
      Double compileTimeMs,
      List<GroupResult> groups) {
    this(
        verdict,
        score,
        maxScore,
        compileOutput,
        tests,
        workerId,
        startedAt,
        finishedAt,
        error,
        compileTimeMs,
        groups,
        null);
  }

  /** The same outcome, saying how its parts were graded. */
  public GradingOutcome withChunks(List<ChunkRun> runs) {
    return new GradingOutcome(
        verdict,
        score,
        maxScore,
        compileOutput,
        tests,
        workerId,
        startedAt,
        finishedAt,
        error,
        compileTimeMs,
        groups,
        runs);
  }

  /** An outcome without test groups. */
  public GradingOutcome(
      Verdict verdict,
      double score,
      double maxScore,
      String compileOutput,
      List<TestResult> tests,
      String workerId,
      long startedAt,
      long finishedAt,
      String error,
      Double compileTimeMs) {
    this(
        verdict,
        score,
        (Double) maxScore,
        compileOutput,
        tests,
        workerId,
        startedAt,
        finishedAt,
        error,
        compileTimeMs,
        null);
  }

  /** Overall verdict and score from the test results, in order. */
  public static GradingOutcome fromTests(
      List<TestResult> tests,
      double maxScore,
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

  /** A failed outcome of a problem whose highest score is {@code maxScore}. */
  public static GradingOutcome failed(
      Verdict verdict,
      double maxScore,
      String compileOutput,
      String workerId,
      long startedAt,
      long finishedAt,
      String error) {
    return failed(
        verdict, (Double) maxScore, compileOutput, workerId, startedAt, finishedAt, error);
  }

  /** A failed outcome; {@code maxScore} null when the problem sets no bound. */
  public static GradingOutcome failed(
      Verdict verdict,
      Double maxScore,
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
        null,
        null);
  }

  /** The same outcome, saying how long the compile run took (null: nothing was compiled). */
  public GradingOutcome withCompileTimeMs(Double ms) {
    return new GradingOutcome(
        verdict,
        score,
        maxScore,
        compileOutput,
        tests,
        workerId,
        startedAt,
        finishedAt,
        error,
        ms,
        groups,
        chunks);
  }
}
