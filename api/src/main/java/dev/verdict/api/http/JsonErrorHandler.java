package dev.verdict.api.http;

import com.codahale.metrics.MetricRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * The HTTP server's own error answers (a URI it cannot parse, an ambiguous path, a malformed
 * header) in the API's JSON shape instead of Jetty's HTML page, with a fixed message per status so
 * nothing of the request or of Jetty is echoed. Each is counted like any other answer.
 */
public final class JsonErrorHandler extends ErrorHandler {
  private final MetricRegistry metrics;

  public JsonErrorHandler(MetricRegistry metrics) {
    this.metrics = metrics;
    setShowStacks(false);
    setShowServlet(false);
  }

  @Override
  protected void generateAcceptableResponse(
      Request baseRequest,
      HttpServletRequest request,
      HttpServletResponse response,
      int code,
      String message)
      throws IOException {
    byte[] body = body(code).getBytes(StandardCharsets.UTF_8);
    count(code);
    response.setContentType("application/json");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
    baseRequest.setHandled(true);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    count(status);
    fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
    return ByteBuffer.wrap(body(status).getBytes(StandardCharsets.UTF_8));
  }

  private void count(int status) {
    metrics.meter("verdict.api.http.responses." + status / 100 + "xx").mark();
  }

  private static String body(int status) {
    String error =
        switch (status) {
          case 400 -> "bad request: the request line, a header or the path is malformed";
          case 404 -> "no such endpoint";
          case 405 -> "method not allowed";
          case 413 -> "request too large";
          case 414 -> "request URI too long";
          case 431 -> "request headers too large";
          default -> status >= 500 ? "internal error" : "request refused (HTTP " + status + ")";
        };
    return ErrorBodies.json(new ErrorBody(error, null));
  }
}
