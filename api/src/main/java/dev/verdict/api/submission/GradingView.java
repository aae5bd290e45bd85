package dev.verdict.api.submission;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.verdict.common.message.WholeNumbers;
import dev.verdict.common.submission.GradingSummary;
import dev.verdict.common.submission.SubmissionState;
import java.time.Instant;

/**
 * One grading of a submission, as an entry of its {@code history}: the first when it was accepted,
 * one more per rejudge, the last being the current one. Verdict and score only; the current
 * grading's details are the submission's own fields.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record GradingView(
    int grading,
    String problemVersion,
    String rejudge,
    SubmissionState status,
    String queuedAt,
    String finishedAt,
    String verdict,
    Number score,
    Number maxScore) {

  /** An earlier, finished grading. */
  static GradingView of(GradingSummary earlier) {
    return new GradingView(
        earlier.grading(),
        earlier.problemVersion(),
        earlier.rejudge(),
        SubmissionState.DONE,
        iso(earlier.queuedAt()),
        iso(earlier.finishedAt()),
        earlier.verdict() == null ? null : earlier.verdict().name(),
        earlier.score() == null ? null : WholeNumbers.shown(earlier.score()),
        earlier.maxScore() == null ? null : WholeNumbers.shown(earlier.maxScore()));
  }

  static String iso(long epochMillis) {
    return epochMillis <= 0 ? null : Instant.ofEpochMilli(epochMillis).toString();
  }
}
