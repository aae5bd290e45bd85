package dev.verdict.worker.grading;

/**
 * A problem's output validator cannot be prepared (it does not compile, or its files cannot be laid
 * out). The problem is broken, not the submission: graded as INTERNAL_ERROR.
 */
final class ValidatorException extends Exception {
  private static final long serialVersionUID = 1L;

  ValidatorException(String message) {
    super(message);
  }
}
