package dev.verdict.worker.cgroup;

/**
 * A cgroup could not be created, configured, read or removed. A sandbox reports it as its own
 * failure, with the same {@link #retryable()}.
 */
public final class CgroupException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean retryable;

  public CgroupException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** Whether doing the same again, later, may succeed. */
  public boolean retryable() {
    return retryable;
  }
}
