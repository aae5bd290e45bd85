package dev.verdict.api.http;

import io.javalin.http.Context;
import java.util.Locale;

/**
 * Reading a request's body: its media type checked first (415 otherwise, which also closes the
 * route of a cross-site form post), its size capped by {@code api.http.maxRequestBytes} unless the
 * route allows another cap for itself.
 */
public final class RequestBodies {
  public static final String JSON = "application/json";

  private RequestBodies() {}

  /**
   * The body of a JSON request.
   *
   * @throws ApiException 415 unless the Content-Type is {@code application/json}; 413 when the body
   *     is over the limit
   */
  public static byte[] json(Context ctx) {
    requireType(ctx, JSON);
    return ctx.bodyAsBytes();
  }

  /**
   * @throws ApiException 415 unless the request's media type (parameters aside) is one of {@code
   *     types}
   */
  public static void requireType(Context ctx, String... types) {
    String header = ctx.header("Content-Type");
    String type = header == null ? "" : header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    for (String allowed : types) {
      if (allowed.equals(type)) {
        return;
      }
    }
    throw new ApiException(
        415,
        "Content-Type must be "
            + String.join(" or ", types)
            + (header == null ? "" : ", was '" + Echo.clip(header) + "'"),
        "Content-Type");
  }

  /**
   * Sets this request's body cap to {@code maxBytes} instead of {@code api.http.maxRequestBytes},
   * for a route that takes larger (or only smaller) bodies. Call it before reading the body.
   */
  public static void allow(Context ctx, long maxBytes) {
    if (ctx.req().getAttribute(LimitedBody.ATTRIBUTE) instanceof LimitedBody body) {
      body.limit(maxBytes);
    }
  }
}
