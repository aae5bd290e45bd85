package dev.verdict.worker.cgroup;

import dev.verdict.worker.sandbox.SandboxException;

/** A cgroup could not be created, configured, read or removed. */
public final class CgroupException extends SandboxException {
  private static final long serialVersionUID = 1L;

  public CgroupException(String message, boolean retryable, Throwable cause) {
    super(message, retryable, cause);
  }
}
