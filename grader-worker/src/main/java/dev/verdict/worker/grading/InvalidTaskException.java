package dev.verdict.worker.grading;

/**
 * A task that breaks the rules for ids and names the API enforces (see {@link TaskCheck}): it did
 * not come from the API, or the API let it through. No retry helps; the task goes to the
 * dead-letter queue and its submission ends as INTERNAL_ERROR.
 */
public final class InvalidTaskException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  InvalidTaskException(String message) {
    super(message);
  }
}
