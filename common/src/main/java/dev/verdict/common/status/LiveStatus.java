package dev.verdict.common.status;

import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.TestResult;
import dev.verdict.common.submission.GradingSummary;
import dev.verdict.common.submission.SubmissionState;
import java.util.List;

/**
 * What Redis knows about a submission right now.
 *
 * @param tests results of the tests finished so far, in test order (complete once DONE)
 * @param result the final outcome once DONE, else null
 * @param owner the name of the token that created the submission, or null when Redis does not know
 *     it (then MongoDB does)
 * @param testsInOrder how many of {@code tests}, from the first, are tests 0, 1, 2, ... with none
 *     missing before them: a progress write may be lost, or tests may finish out of order, and what
 *     follows a gap may still move (all of {@code tests} once DONE)
 * @param callbackUrl where the result is POSTed once done, or null
 * @param problemVersion the problem version of the current grading, or null when Redis does not
 *     know it
 * @param grading the number of the current grading (1 until a rejudge)
 * @param rejudge the rejudge that started the current grading, or null
 * @param queuedAt when the current grading was queued, or 0 when Redis does not know it
 * @param gradings the earlier gradings, oldest first
 */
public record LiveStatus(
    String id,
    SubmissionState state,
    String problemId,
    String language,
    long createdAt,
    long startedAt,
    long finishedAt,
    List<TestResult> tests,
    GradingOutcome result,
    String owner,
    int testsInOrder,
    String callbackUrl,
    String problemVersion,
    int grading,
    String rejudge,
    long queuedAt,
    List<GradingSummary> gradings) {

  public LiveStatus {
    grading = Math.max(1, grading);
    gradings = gradings == null ? List.of() : List.copyOf(gradings);
  }

  /** The live status of a first grading. */
  public LiveStatus(
      String id,
      SubmissionState state,
      String problemId,
      String language,
      long createdAt,
      long startedAt,
      long finishedAt,
      List<TestResult> tests,
      GradingOutcome result,
      String owner,
      int testsInOrder,
      String callbackUrl) {
    this(
        id,
        state,
        problemId,
        language,
        createdAt,
        startedAt,
        finishedAt,
        tests,
        result,
        owner,
        testsInOrder,
        callbackUrl,
        null,
        1,
        null,
        0,
        List.of());
  }
}
