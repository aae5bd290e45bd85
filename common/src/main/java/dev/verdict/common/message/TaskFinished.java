package dev.verdict.common.message;

/** The final result of a task. Published with a confirm before the task is acknowledged. */
public record TaskFinished(int v, String submissionId, GradingOutcome outcome) implements Message {
  public static final String TYPE = "task.finished";
  public static final int VERSION = 1;
}
