package dev.verdict.common.problem;

/**
 * A problem package cannot be used; the message names the file at fault (when one is) and what is
 * wrong with it: {@code "problem.yaml: limits.memory must be a positive integer"}.
 */
public final class ProblemPackageException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String file;

  public ProblemPackageException(String message) {
    this(null, message, null);
  }

  public ProblemPackageException(String message, Throwable cause) {
    this(null, message, cause);
  }

  private ProblemPackageException(String file, String message, Throwable cause) {
    super(message, cause);
    this.file = file;
  }

  /** A refusal blaming one file of the package, by its path in the package. */
  public static ProblemPackageException inFile(String file, String reason) {
    return new ProblemPackageException(file, file + ": " + reason, null);
  }

  public static ProblemPackageException inFile(String file, String reason, Throwable cause) {
    return new ProblemPackageException(file, file + ": " + reason, cause);
  }

  /** The path in the package of the file at fault, or null when no single file is. */
  public String file() {
    return file;
  }
}
