package dev.verdict.api.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place that turns failures into JSON error answers. */
public final class ErrorMapper {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

  private ErrorMapper() {}

  public static void install(Javalin app) {
    app.exception(
        ServiceUnavailableException.class,
        (e, ctx) -> {
          ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
          write(ctx, e.status(), e.getMessage(), e.field());
        });
    app.exception(
        RateLimitedException.class,
        (e, ctx) -> {
          ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
          write(ctx, e.status(), e.getMessage(), e.field());
        });
    app.exception(
        ApiException.class,
        (e, ctx) -> {
          if (e.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
          }
          if (e.status() == 413) {
            // why: the rest of the body is never read; the connection cannot carry another request.
            ctx.header("Connection", "close");
          }
          write(ctx, e.status(), e.getMessage(), e.field());
        });
    app.exception(
        HttpResponseException.class,
        (e, ctx) -> write(ctx, e.getStatus(), describe(e.getStatus(), e.getMessage()), null));
    app.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
          write(ctx, 500, "internal error", null);
        });
    app.error(
        404,
        ctx -> {
          if (ctx.result() == null || ctx.result().isEmpty()) {
            write(
                ctx, 404, "no such endpoint: " + ctx.method() + " " + Echo.clip(ctx.path()), null);
          }
        });
    app.error(
        405,
        ctx ->
            write(
                ctx,
                405,
                "method not allowed: " + ctx.method() + " " + Echo.clip(ctx.path()),
                null));
  }

  private static String describe(int status, String message) {
    if (status == 413) {
      return "request body too large";
    }
    // why: Javalin's own messages may quote the request or name its classes.
    return status >= 500 ? "internal error" : "request refused (HTTP " + status + ")";
  }

  private static void write(Context ctx, int status, String error, String field) {
    ctx.status(status).json(new ErrorBody(error, field));
  }
}
