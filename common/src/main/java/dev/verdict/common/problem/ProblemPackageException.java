package dev.verdict.common.problem;

/** A problem package is malformed; the message names the file and what is wrong with it. */
public final class ProblemPackageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ProblemPackageException(String message) {
    super(message);
  }

  public ProblemPackageException(String message, Throwable cause) {
    super(message, cause);
  }
}
