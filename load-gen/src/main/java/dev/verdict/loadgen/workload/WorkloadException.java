package dev.verdict.loadgen.workload;

/** A workload cannot be used: a bad file, an unknown built-in, a missing source. */
public final class WorkloadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public WorkloadException(String message) {
    super(message);
  }

  public WorkloadException(String message, Throwable cause) {
    super(message, cause);
  }
}
