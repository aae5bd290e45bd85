package dev.verdict.common.submission;

/** Someone saved the submission since it was read; re-read and decide again. */
public final class StaleSubmissionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StaleSubmissionException(String id, long expectedVersion) {
    super("Submission(id=" + id + ") changed since version " + expectedVersion);
  }
}
