package dev.verdict.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A small JSON-over-HTTP client for the tests. */
final class Http {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String token;

  record Answer(int status, JsonNode body) {}

  /** A client without a token: for the endpoints that need none. */
  Http(String base) {
    this(base, null);
  }

  /** A client that sends {@code token} as its bearer token. */
  Http(String base, String token) {
    this.base = base;
    this.token = token;
  }

  Answer get(String path) {
    return send(request(path).GET().build());
  }

  Answer post(String path, String json) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  Answer post(String path, Object body) {
    try {
      return post(path, JSON.writeValueAsString(body));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Submits {@code source} as {@code main.py} for the {@code sum} problem. */
  Answer submitPython(String source) {
    return post("/api/v1/submissions", pythonSubmission(source));
  }

  /** The body that submits {@code source} as {@code main.py} for the {@code sum} problem. */
  static Map<String, Object> pythonSubmission(String source) {
    return Map.of(
        "problem",
        "sum",
        "language",
        "python3",
        "files",
        List.of(Map.of("name", "main.py", "content", source)));
  }

  /** The submission {@code id} once it is DONE, polling its state for up to {@code atMost}. */
  JsonNode awaitDone(String id, Duration atMost) {
    JsonNode[] done = new JsonNode[1];
    org.awaitility.Awaitility.await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              Answer answer = get("/api/v1/submissions/" + id + "?until=done&waitMs=5000");
              done[0] = answer.body();
              return answer.status() == 200 && "DONE".equals(answer.body().get("status").asText());
            });
    return done[0];
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
    return token == null ? request : request.header("Authorization", "Bearer " + token);
  }

  private Answer send(HttpRequest request) {
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode body = response.body().isEmpty() ? null : JSON.readTree(response.body());
      return new Answer(response.statusCode(), body);
    } catch (IOException e) {
      throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The body of a GET, as text. */
  static String text(String url) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(url)).GET().build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      throw new IllegalStateException("GET " + url + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
