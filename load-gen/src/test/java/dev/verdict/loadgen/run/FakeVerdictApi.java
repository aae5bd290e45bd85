package dev.verdict.loadgen.run;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 that plays the Verdict API by script: the 7th POST is refused
 * with 503, every other gets 202 and id {@code s<n>} (n = 1, 2, ... in acceptance order); a
 * submission's 1st GET says QUEUED, the 2nd RUNNING with one test, the 3rd DONE, with verdict
 * WRONG_ANSWER when n is a multiple of 5 and ACCEPTED otherwise. Progress is driven by requests,
 * never by time, so the numbers it leads to are exact. Like the real API, it wants a bearer token.
 */
final class FakeVerdictApi implements AutoCloseable {
  static final int REFUSED_POST = 7;

  /** The only bearer token it accepts; any request without it is a 401 and counts nowhere. */
  static final String TOKEN = "vd_load-gen-test-token";

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicInteger posts = new AtomicInteger();
  private final AtomicInteger gets = new AtomicInteger();
  private final AtomicInteger accepted = new AtomicInteger();
  private final Map<String, AtomicInteger> getsById = new ConcurrentHashMap<>();

  FakeVerdictApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/api/v1/submissions", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  int posts() {
    return posts.get();
  }

  int gets() {
    return gets.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        send(exchange, 401, "{\"error\": \"a bearer token is required\"}");
        return;
      }
      String path = exchange.getRequestURI().getPath();
      if (exchange.getRequestMethod().equals("POST") && path.equals("/api/v1/submissions")) {
        if (posts.incrementAndGet() == REFUSED_POST) {
          exchange.getResponseHeaders().add("Retry-After", "0");
          send(exchange, 503, "{\"error\": \"busy\"}");
          return;
        }
        String id = "s" + accepted.incrementAndGet();
        getsById.put(id, new AtomicInteger());
        send(exchange, 202, "{\"id\": \"" + id + "\", \"status\": \"QUEUED\"}");
        return;
      }
      String id = path.substring("/api/v1/submissions/".length());
      AtomicInteger seen = getsById.get(id);
      if (!exchange.getRequestMethod().equals("GET") || seen == null) {
        send(exchange, 404, "{\"error\": \"not found\"}");
        return;
      }
      gets.incrementAndGet();
      send(exchange, 200, status(id, seen.incrementAndGet()));
    }
  }

  private static String status(String id, int get) {
    String test =
        "{\"name\": \"sample/1\", \"verdict\": \"ACCEPTED\", \"cpuTimeMs\": 1.0,"
            + " \"wallTimeMs\": 2.0, \"memoryKb\": 1000}";
    return switch (get) {
      case 1 -> "{\"id\": \"" + id + "\", \"status\": \"QUEUED\", \"tests\": []}";
      case 2 -> "{\"id\": \"" + id + "\", \"status\": \"RUNNING\", \"tests\": [" + test + "]}";
      default -> {
        int n = Integer.parseInt(id.substring(1));
        String verdict = n % 5 == 0 ? "WRONG_ANSWER" : "ACCEPTED";
        Instant now = Instant.now();
        yield "{\"id\": \""
            + id
            + "\", \"status\": \"DONE\", \"verdict\": \""
            + verdict
            + "\", \"score\": 6, \"maxScore\": 6, \"createdAt\": \""
            + now.minusMillis(30)
            + "\", \"finishedAt\": \""
            + now
            + "\", \"tests\": ["
            + test
            + "]}";
      }
    };
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
