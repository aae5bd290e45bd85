package dev.verdict.api.jobe;

/**
 * A request the facade refuses, answered as Jobe answers it: the HTTP status and the message as the
 * body, a JSON string (Jobe's clients, CodeRunner and its test client, decode it and show it).
 */
final class JobeException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final Long retryAfterSeconds;

  JobeException(int status, String message) {
    this(status, message, null);
  }

  /** A refusal that says, in {@code Retry-After}, when to try again. */
  JobeException(int status, String message, Long retryAfterSeconds) {
    super(message);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static JobeException badRequest(String message) {
    return new JobeException(400, message);
  }

  int status() {
    return status;
  }

  /** Seconds for {@code Retry-After}, or null for none. */
  Long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
