package dev.verdict.loadgen.client;

/** What came of one {@code POST /api/v1/submissions}. */
public sealed interface SubmitResult {

  /** 202: the submission is queued under {@code id}. */
  record Accepted(String id) implements SubmitResult {}

  /**
   * Any other HTTP status.
   *
   * @param retryAfterMillis the {@code Retry-After} the server asked for, or 0
   */
  record Refused(int status, long retryAfterMillis) implements SubmitResult {}

  /** No HTTP answer: {@code kind} is {@code timeout} or {@code connection}. */
  record Failed(String kind, String detail) implements SubmitResult {}
}
