package dev.verdict.worker.sandbox;

/**
 * The sandbox itself failed (not the program in it): a cgroup could not be created, the sandbox's
 * namespaces or mounts could not be set up, a run's processes could not be removed.
 */
public class SandboxException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean retryable;

  public SandboxException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** Whether running the same request again, later or elsewhere, may succeed. */
  public boolean retryable() {
    return retryable;
  }
}
