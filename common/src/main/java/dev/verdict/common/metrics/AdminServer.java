package dev.verdict.common.metrics;

import com.codahale.metrics.health.HealthCheck;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.Executors;

/**
 * The small admin HTTP port of processes without an API of their own (dispatcher, workers): {@code
 * GET /metrics} in the Prometheus text format and {@code GET /healthz}, 200 when every health check
 * passes, else 503, with each check's result as JSON. Served by the JDK's own HTTP server on one
 * virtual thread per request.
 */
public final class AdminServer implements AutoCloseable {
  private final HttpServer server;

  /**
   * @param port the port to bind on {@code host}; 0 picks a free one
   */
  public AdminServer(String host, int port, Metrics metrics) {
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the admin port " + host + ":" + port, e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/metrics",
        exchange -> {
          ByteArrayOutputStream body = new ByteArrayOutputStream();
          metrics.writePrometheus(body);
          respond(exchange, 200, Metrics.PROMETHEUS_CONTENT_TYPE, body.toByteArray());
        });
    server.createContext(
        "/healthz",
        exchange -> {
          SortedMap<String, HealthCheck.Result> results = metrics.health().runHealthChecks();
          boolean healthy = results.values().stream().allMatch(HealthCheck.Result::isHealthy);
          respond(
              exchange,
              healthy ? 200 : 503,
              "application/json",
              json(healthy, results).getBytes(StandardCharsets.UTF_8));
        });
    server.createContext(
        "/",
        exchange ->
            respond(
                exchange,
                404,
                "application/json",
                "{\"error\":\"no such endpoint\",\"field\":null}"
                    .getBytes(StandardCharsets.UTF_8)));
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static String json(boolean healthy, Map<String, HealthCheck.Result> results) {
    StringBuilder json =
        new StringBuilder("{\"status\":\"")
            .append(healthy ? "ok" : "failing")
            .append("\",\"checks\":{");
    boolean first = true;
    for (var entry : results.entrySet()) {
      if (!first) {
        json.append(',');
      }
      first = false;
      String message = entry.getValue().getMessage();
      json.append('"')
          .append(escape(entry.getKey()))
          .append("\":\"")
          .append(
              entry.getValue().isHealthy() ? "ok" : escape(message == null ? "failing" : message))
          .append('"');
    }
    return json.append("}}").toString();
  }

  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ");
  }

  private static void respond(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
