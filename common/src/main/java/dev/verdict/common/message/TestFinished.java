package dev.verdict.common.message;

/** Progress: one test of a task finished. Sent without waiting for a confirm; may be lost. */
public record TestFinished(int v, String submissionId, int index, TestResult result)
    implements Message {
  public static final String TYPE = "test.finished";
  public static final int VERSION = 1;
}
