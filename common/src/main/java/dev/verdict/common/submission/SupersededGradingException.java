package dev.verdict.common.submission;

/**
 * A start or a result of a grading the submission has moved past (a rejudge started a newer one): a
 * late or redelivered report, dropped like a change the state table refuses.
 */
public final class SupersededGradingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SupersededGradingException(String id, int reported, int current) {
    super(
        "Submission(id="
            + id
            + ") is in grading "
            + current
            + "; a report of grading "
            + reported
            + " is dropped");
  }
}
