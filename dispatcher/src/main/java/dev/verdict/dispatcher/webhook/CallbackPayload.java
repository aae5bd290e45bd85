package dev.verdict.dispatcher.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.common.access.Audience;
import dev.verdict.common.access.ResultVisibility;
import dev.verdict.common.access.Role;
import dev.verdict.common.codec.Json;
import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.GroupResult;
import dev.verdict.common.message.TestResult;
import dev.verdict.common.message.WholeNumbers;
import dev.verdict.common.submission.StateChange;
import dev.verdict.common.submission.Submission;
import dev.verdict.common.submission.SubmissionState;
import java.time.Instant;
import java.util.List;

/**
 * The body of a webhook delivery: the finished submission in the shape {@code GET
 * /api/v1/submissions/{id}} answers, with only what its submitter may see ({@link
 * ResultVisibility}, as a submitter, whatever the owner's role: a callback may lead to a
 * third-party portal).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record CallbackPayload(
    String id,
    SubmissionState status,
    String problem,
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
    List<GroupResult> groups) {

  // why: the API caps a submitter's compiler output at the same length.
  private static final int COMPILE_OUTPUT_CHARS = 64 * 1024;
  private static final ObjectMapper JSON = Json.mapper();

  /**
   * @param namesFirstFailingSecretTest the problem's option to name the first failing secret test
   */
  static byte[] of(Submission done, boolean namesFirstFailingSecretTest) {
    Audience submitter =
        new Audience(Role.SUBMITTER, namesFirstFailingSecretTest, COMPILE_OUTPUT_CHARS);
    GradingOutcome outcome = done.result();
    ResultVisibility.Visible visible =
        ResultVisibility.visible(submitter, outcome == null ? List.of() : outcome.tests(), outcome);
    GradingOutcome shown = visible.outcome();
    CallbackPayload payload =
        new CallbackPayload(
            done.id(),
            done.state(),
            done.problemId(),
            done.language(),
            done.owner(),
            iso(done.createdAt()),
            iso(at(done, SubmissionState.RUNNING)),
            iso(at(done, SubmissionState.DONE)),
            shown == null ? null : shown.verdict().name(),
            shown == null ? null : WholeNumbers.shown(shown.score()),
            shown == null ? null : WholeNumbers.shown(shown.maxScore()),
            shown == null ? null : shown.compileOutput(),
            shown == null ? null : shown.error(),
            visible.tests(),
            shown == null ? null : shown.groups());
    try {
      return JSON.writeValueAsBytes(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long at(Submission submission, SubmissionState state) {
    return submission.history().stream()
        .filter(change -> change.state() == state)
        .mapToLong(StateChange::at)
        .max()
        .orElse(0);
  }

  private static String iso(long epochMillis) {
    return epochMillis <= 0 ? null : Instant.ofEpochMilli(epochMillis).toString();
  }
}
