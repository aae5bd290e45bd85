package dev.verdict.api.submission;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.verdict.common.access.Audience;
import dev.verdict.common.access.ResultVisibility;
import dev.verdict.common.access.ResultVisibility.Visible;
import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.GroupResult;
import dev.verdict.common.message.TestResult;
import dev.verdict.common.message.WholeNumbers;
import dev.verdict.common.status.LiveStatus;
import dev.verdict.common.submission.CallbackAttempt;
import dev.verdict.common.submission.GradingSummary;
import dev.verdict.common.submission.StateChange;
import dev.verdict.common.submission.Submission;
import dev.verdict.common.submission.SubmissionState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON answer of {@code GET /api/v1/submissions/{id}}, and each item of the list: only what the
 * reader may see, as {@link ResultVisibility} decides. {@code user} is the token name that
 * submitted it. Verdict, score and compiler output appear once the submission is DONE; {@code
 * tests} grows while it is RUNNING. An ad-hoc run has {@code adhoc: true} and no {@code problem}.
 * {@code revision} names what the answer shows (state and number of finished tests, and the grading
 * after a rejudge), for long polls ({@code ?after=<revision>&waitMs=<ms>}). These fields are always
 * the current grading's; {@code history} lists every grading, oldest first, the last being the
 * current one ({@link GradingView}). {@code testsInOrder}, not shown, counts the first {@code
 * tests} that are tests 0, 1, 2, ... without a gap ({@link LiveStatus#testsInOrder()}): the ones an
 * event stream may send as final.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SubmissionView(
    String id,
    SubmissionState status,
    String problem,
    Boolean adhoc,
    String language,
    String user,
    String createdAt,
    String startedAt,
    String finishedAt,
    String verdict,
    Number score,
    Number maxScore,
    String compileOutput,
    String error,
    List<TestResult> tests,
    List<GroupResult> groups,
    String problemVersion,
    int grading,
    List<GradingView> history,
    String revision,
    CallbackView callback,
    @JsonIgnore int testsInOrder) {

  SubmissionView {
    revision =
        status + ":" + (tests == null ? 0 : tests.size()) + (grading > 1 ? "." + grading : "");
  }

  /**
   * The submission's callback and its delivery attempts so far, shown to those who may read the
   * submission.
   */
  record CallbackView(String url, List<AttemptView> attempts) {}

  /**
   * One delivery attempt: {@code status} 0 when there was no answer, then {@code error} says why.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record AttemptView(String at, int attempt, int status, String error, long durationMs) {
    static AttemptView of(CallbackAttempt attempt) {
      return new AttemptView(
          iso(attempt.at()),
          attempt.attempt(),
          attempt.status(),
          attempt.error(),
          attempt.durationMs());
    }
  }

  /** The same view with the submission's callback. */
  SubmissionView withCallback(CallbackView shown) {
    return new SubmissionView(
        id,
        status,
        problem,
        adhoc,
        language,
        user,
        createdAt,
        startedAt,
        finishedAt,
        verdict,
        score,
        maxScore,
        compileOutput,
        error,
        tests,
        groups,
        problemVersion,
        grading,
        history,
        revision,
        shown,
        testsInOrder);
  }

  /** Whether nothing about the submission will change any more. */
  boolean finished() {
    return status == SubmissionState.DONE;
  }

  /** What {@code audience} may see of the live status. */
  static SubmissionView of(LiveStatus live, String owner, Audience audience) {
    return of(live, null, owner, audience);
  }

  /**
   * What {@code audience} may see of the live status; the earlier gradings from {@code stored}
   * (null: none read) when Redis lacks them.
   */
  static SubmissionView of(LiveStatus live, Submission stored, String owner, Audience audience) {
    Visible visible = ResultVisibility.visible(audience, live.tests(), live.result());
    GradingOutcome result = visible.outcome();
    List<GradingSummary> earlier =
        live.gradings().isEmpty() && stored != null && stored.grading() == live.grading()
            ? stored.gradings().stream().map(GradingSummary::of).toList()
            : live.gradings();
    long queuedAt = live.queuedAt() > 0 ? live.queuedAt() : live.createdAt();
    return new SubmissionView(
        live.id(),
        live.state(),
        shownProblem(live.problemId()),
        adhocFlag(live.problemId()),
        live.language(),
        owner,
        iso(live.createdAt()),
        iso(live.startedAt() > 0 ? live.startedAt() : result == null ? 0 : result.startedAt()),
        iso(live.finishedAt()),
        result == null ? null : result.verdict().name(),
        result == null ? null : WholeNumbers.shown(result.score()),
        result == null ? null : WholeNumbers.shown(result.maxScore()),
        result == null ? null : result.compileOutput(),
        result == null ? null : result.error(),
        visible.tests(),
        result == null ? null : result.groups(),
        live.problemVersion(),
        live.grading(),
        history(
            earlier,
            new GradingView(
                live.grading(),
                live.problemVersion(),
                live.rejudge(),
                live.state(),
                iso(queuedAt),
                iso(live.finishedAt()),
                result == null ? null : result.verdict().name(),
                result == null ? null : WholeNumbers.shown(result.score()),
                result == null ? null : WholeNumbers.shown(result.maxScore()))),
        null,
        null,
        live.testsInOrder());
  }

  /** What {@code audience} may see of the stored submission. */
  static SubmissionView of(Submission stored, Audience audience) {
    Visible visible =
        ResultVisibility.visible(
            audience,
            stored.result() == null ? List.of() : stored.result().tests(),
            stored.result());
    GradingOutcome result = visible.outcome();
    return new SubmissionView(
        stored.id(),
        stored.state(),
        shownProblem(stored.problemId()),
        adhocFlag(stored.problemId()),
        stored.language(),
        stored.owner(),
        iso(stored.createdAt()),
        iso(at(stored, SubmissionState.RUNNING)),
        iso(at(stored, SubmissionState.DONE)),
        result == null ? null : result.verdict().name(),
        result == null ? null : WholeNumbers.shown(result.score()),
        result == null ? null : WholeNumbers.shown(result.maxScore()),
        result == null ? null : result.compileOutput(),
        result == null ? null : result.error(),
        visible.tests(),
        result == null ? null : result.groups(),
        stored.problemVersion(),
        stored.grading(),
        history(
            stored.gradings().stream().map(GradingSummary::of).toList(),
            new GradingView(
                stored.grading(),
                stored.problemVersion(),
                stored.rejudge(),
                stored.state(),
                iso(stored.queuedAt()),
                stored.state() == SubmissionState.DONE
                    ? iso(at(stored, SubmissionState.DONE))
                    : null,
                result == null ? null : result.verdict().name(),
                result == null ? null : WholeNumbers.shown(result.score()),
                result == null ? null : WholeNumbers.shown(result.maxScore()))),
        null,
        null,
        visible.tests().size());
  }

  private static List<GradingView> history(List<GradingSummary> earlier, GradingView current) {
    List<GradingView> all = new ArrayList<>();
    for (GradingSummary grading : earlier) {
      all.add(GradingView.of(grading));
    }
    all.add(current);
    return all;
  }

  private static String shownProblem(String problemId) {
    return AdhocProblems.isAdhoc(problemId) ? null : problemId;
  }

  private static Boolean adhocFlag(String problemId) {
    return AdhocProblems.isAdhoc(problemId) ? Boolean.TRUE : null;
  }

  private static long at(Submission stored, SubmissionState state) {
    return stored.history().stream()
        .filter(change -> change.state() == state)
        .mapToLong(StateChange::at)
        .max()
        .orElse(0);
  }

  private static String iso(long epochMillis) {
    return epochMillis <= 0 ? null : Instant.ofEpochMilli(epochMillis).toString();
  }
}
