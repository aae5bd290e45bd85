package dev.verdict.loadgen.packages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The few calls {@code check-packages} makes to the Verdict API, one at a time. A 429 or 503 is
 * waited out for as long as its {@code Retry-After} says (at most a minute per try) and tried
 * again.
 */
final class ApiSession {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TRIES = 20;

  /** An answer: its status and JSON body (an empty object when the body is not JSON). */
  record Answer(int status, JsonNode body) {
    /** The error message of a 4xx/5xx body, or the whole body. */
    String error() {
      return body.has("error") ? body.get("error").asText() : body.toString();
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;
  private final String authorization;

  ApiSession(URI url, String token) {
    this.base = url.toString().replaceAll("/+$", "");
    this.authorization = "Bearer " + token.trim();
  }

  Answer get(String path) throws IOException, InterruptedException {
    return send(request(path).GET().build());
  }

  Answer postJson(String path, Object body) throws IOException, InterruptedException {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
            .build());
  }

  Answer sendZip(String method, String path, byte[] zip) throws IOException, InterruptedException {
    return send(
        request(path)
            .header("Content-Type", "application/zip")
            .method(method, HttpRequest.BodyPublishers.ofByteArray(zip))
            .build());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", authorization)
        .header("Accept", "application/json");
  }

  private Answer send(HttpRequest request) throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      int status = response.statusCode();
      if ((status == 429 || status == 503) && attempt < TRIES) {
        long seconds =
            response.headers().firstValue("Retry-After").map(ApiSession::seconds).orElse(1L);
        // why: the API asked the client to come back later; this is a client's back-off, not a
        // synchronisation.
        Thread.sleep(Duration.ofSeconds(Math.clamp(seconds, 1, 60)));
        continue;
      }
      JsonNode body;
      try {
        body =
            response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
      } catch (IOException e) {
        body = JSON.createObjectNode().put("error", new String(response.body()));
      }
      return new Answer(status, body);
    }
  }

  private static long seconds(String retryAfter) {
    try {
      return Long.parseLong(retryAfter.trim());
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
