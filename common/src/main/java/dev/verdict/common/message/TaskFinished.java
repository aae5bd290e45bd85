package dev.verdict.common.message;

/**
 * The final result of a task. Published with a confirm before the task is acknowledged.
 *
 * @param grading the grading of the submission the task was for (absent from messages written
 *     before rejudges: 1); a result of a grading the submission has moved past is dropped
 */
public record TaskFinished(int v, String submissionId, GradingOutcome outcome, int grading)
    implements Message {
  public static final String TYPE = "task.finished";
  public static final int VERSION = 1;

  public TaskFinished {
    grading = Math.max(1, grading);
  }

  /** A result of the first grading. */
  public TaskFinished(int v, String submissionId, GradingOutcome outcome) {
    this(v, submissionId, outcome, 1);
  }
}
