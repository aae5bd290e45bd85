package dev.verdict.worker.sandbox;

/** The sandbox could not be started for a run. Usually transient (resources, races): retryable. */
public final class SandboxStartException extends SandboxException {
  private static final long serialVersionUID = 1L;

  public SandboxStartException(String message, Throwable cause) {
    super(message, true, cause);
  }
}
