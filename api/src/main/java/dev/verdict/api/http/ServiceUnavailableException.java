package dev.verdict.api.http;

/** The API cannot take the request now (overloaded, or a backing service is down): 503. */
public final class ServiceUnavailableException extends ApiException {
  private static final long serialVersionUID = 1L;
  private final int retryAfterSeconds;

  public ServiceUnavailableException(String error, int retryAfterSeconds) {
    super(503, error, null);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
