package dev.verdict.common.submission;

import org.bson.Document;

/**
 * One attempt to deliver a submission's result to its {@code callbackUrl}.
 *
 * @param at when it started, epoch milliseconds
 * @param attempt 1 for the first attempt, 2 for the first retry, ...
 * @param status the receiver's HTTP status, or 0 when there was no answer
 * @param error why it failed without an answer (or was not made), else null
 * @param durationMs how long it took
 */
public record CallbackAttempt(long at, int attempt, int status, String error, long durationMs) {

  /** Whether the receiver took the delivery: any 2xx answer. */
  public boolean delivered() {
    return status >= 200 && status < 300;
  }

  Document toDocument() {
    Document document =
        new Document("at", at)
            .append("attempt", attempt)
            .append("status", status)
            .append("durationMs", durationMs);
    if (error != null) {
      document.append("error", error);
    }
    return document;
  }

  static CallbackAttempt fromDocument(Document d) {
    return new CallbackAttempt(
        ((Number) d.get("at")).longValue(),
        ((Number) d.get("attempt")).intValue(),
        ((Number) d.get("status")).intValue(),
        d.getString("error"),
        ((Number) d.get("durationMs")).longValue());
  }
}
