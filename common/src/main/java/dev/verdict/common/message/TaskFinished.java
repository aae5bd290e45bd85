package dev.verdict.common.message;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The final result of a task. Published with a confirm before the task is acknowledged.
 *
 * @param grading the grading of the submission the task was for (absent from messages written
 *     before rejudges: 1); a result of a grading the submission has moved past is dropped
 * @param chunk the part of the submission's tests the task graded, when they were split ({@link
 *     GradingTask#chunks}); null: every test, {@code outcome} is the submission's
 */
public record TaskFinished(
    int v,
    String submissionId,
    GradingOutcome outcome,
    int grading,
    @JsonInclude(JsonInclude.Include.NON_NULL) TestChunk chunk)
    implements Message {
  public static final String TYPE = "task.finished";
  public static final int VERSION = 1;

  public TaskFinished {
    grading = Math.max(1, grading);
  }

  /** The result of a whole task. */
  public TaskFinished(int v, String submissionId, GradingOutcome outcome, int grading) {
    this(v, submissionId, outcome, grading, null);
  }

  /** A result of the first grading. */
  public TaskFinished(int v, String submissionId, GradingOutcome outcome) {
    this(v, submissionId, outcome, 1);
  }
}
