package dev.verdict.common.submission;

/** A state change the transition table does not allow; a programming or ordering fault. */
public final class IllegalSubmissionTransitionException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final SubmissionState from;
  private final SubmissionState to;

  public IllegalSubmissionTransitionException(SubmissionState from, SubmissionState to) {
    super("a submission cannot go from " + from + " to " + to);
    this.from = from;
    this.to = to;
  }

  public SubmissionState from() {
    return from;
  }

  public SubmissionState to() {
    return to;
  }
}
