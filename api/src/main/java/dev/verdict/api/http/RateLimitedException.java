package dev.verdict.api.http;

/** The caller's token has used up its rate for now: 429 with Retry-After. */
public final class RateLimitedException extends ApiException {
  private static final long serialVersionUID = 1L;
  private final long retryAfterSeconds;

  public RateLimitedException(String error, long retryAfterSeconds) {
    super(429, error, null);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
