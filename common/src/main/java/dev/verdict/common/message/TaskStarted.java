package dev.verdict.common.message;

/** A worker slot took a task and starts compiling. */
public record TaskStarted(int v, String submissionId, String workerId, int slot, long startedAt)
    implements Message {
  public static final String TYPE = "task.started";
  public static final int VERSION = 1;
}
