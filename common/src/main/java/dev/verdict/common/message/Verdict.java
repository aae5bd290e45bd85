package dev.verdict.common.message;

/** The outcome of one test, or of a whole submission. */
public enum Verdict {
  ACCEPTED,
  WRONG_ANSWER,
  TIME_LIMIT_EXCEEDED,
  MEMORY_LIMIT_EXCEEDED,
  RUNTIME_ERROR,
  OUTPUT_LIMIT_EXCEEDED,
  COMPILATION_ERROR,
  /**
   * The grader, not the program, failed: a sandbox or checker fault, or a task that kept failing.
   */
  INTERNAL_ERROR;

  public boolean accepted() {
    return this == ACCEPTED;
  }
}
