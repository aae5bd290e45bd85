package dev.verdict.api.http;

/**
 * A request the API refuses, with the HTTP status to answer and the JSON body {@code {"error": ...,
 * "field": ...}} naming the offending field (or null when no single field is to blame).
 */
public class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String field;

  public ApiException(int status, String error, String field) {
    super(error);
    this.status = status;
    this.field = field;
  }

  public static ApiException badRequest(String field, String error) {
    return new ApiException(400, field == null ? error : field + " " + error, field);
  }

  public static ApiException notFound(String field, String error) {
    return new ApiException(404, error, field);
  }

  /** No token, or one that is unknown, revoked or expired. */
  public static ApiException unauthorized(String error) {
    return new ApiException(401, error, "Authorization");
  }

  /** A valid token without the right to do this. */
  public static ApiException forbidden(String error) {
    return new ApiException(403, error, null);
  }

  public int status() {
    return status;
  }

  public String field() {
    return field;
  }
}
