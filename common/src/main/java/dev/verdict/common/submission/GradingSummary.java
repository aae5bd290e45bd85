package dev.verdict.common.submission;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.Verdict;

/**
 * What the live status keeps of an earlier grading of a submission: enough to list it, nothing a
 * submitter may not see (no test details, no grader error).
 *
 * @param grading the grading's number
 * @param problemVersion the problem version it was graded against
 * @param rejudge the rejudge that started it, or null for the first grading
 * @param queuedAt when it was queued (epoch milliseconds)
 * @param finishedAt when its result was recorded (epoch milliseconds)
 * @param verdict its verdict
 * @param score its score
 * @param maxScore the problem's highest score then, or null when unbounded
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GradingSummary(
    int grading,
    String problemVersion,
    String rejudge,
    long queuedAt,
    long finishedAt,
    Verdict verdict,
    Double score,
    Double maxScore) {

  /** The summary of a finished grading. */
  public static GradingSummary of(Grading grading) {
    GradingOutcome result = grading.result();
    return new GradingSummary(
        grading.number(),
        grading.problemVersion(),
        grading.rejudge(),
        grading.queuedAt(),
        grading.finishedAt(),
        result == null ? null : result.verdict(),
        result == null ? null : result.score(),
        result == null ? null : result.maxScore());
  }
}
