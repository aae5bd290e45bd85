package dev.verdict.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A client of the Jobe facade as CodeRunner is one: JSON bodies, the key in {@code X-API-KEY}. */
final class JobeClient {
  static final String BASE = "/jobe/index.php/restapi/";

  /** Jobe's body of a 404 to a run whose {@code file_list} names a file not in the cache. */
  static final String FILES_MISSING =
      "\"One or more of the specified files is missing/unavailable\"";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String key;

  /** An answer: its status, its body as text and as JSON (null when empty), and its headers. */
  record Answer(int status, String text, JsonNode body, HttpResponse<String> response) {
    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }
  }

  JobeClient(String baseUrl, String key) {
    this.base = baseUrl;
    this.key = key;
  }

  Answer send(String method, String path, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + BASE + path))
            .timeout(Duration.ofSeconds(120))
            .header("Content-Type", "application/json; charset=utf-8")
            .header("Accept", "application/json");
    if (key != null) {
      request.header("X-API-KEY", key);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    try {
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String text = response.body();
      JsonNode json =
          text == null || text.isEmpty() || !isJson(response) ? null : JSON.readTree(text);
      return new Answer(response.statusCode(), text, json, response);
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean isJson(HttpResponse<String> response) {
    // why: a load balancer's own refusals (502, 503) come as HTML.
    return response.headers().firstValue("Content-Type").orElse("").contains("json");
  }

  Answer languages() {
    return send("GET", "languages", null);
  }

  Answer run(Map<String, Object> runSpec) {
    try {
      return send("POST", "runs", JSON.writeValueAsString(Map.of("run_spec", runSpec)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  Answer put(String fileId, String contents) {
    String encoded = Base64.getEncoder().encodeToString(contents.getBytes(StandardCharsets.UTF_8));
    return send("PUT", "files/" + fileId, "{\"file_contents\": \"" + encoded + "\"}");
  }

  /** A run specification of {@code language} and {@code source}, and more fields in pairs. */
  static Map<String, Object> spec(String language, String source, Object... more) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("language_id", language);
    spec.put("sourcecode", source);
    for (int i = 0; i < more.length; i += 2) {
      spec.put((String) more[i], more[i + 1]);
    }
    return spec;
  }

  /** A {@code file_list} of one file. */
  static List<List<String>> fileList(String id, String name) {
    return List.of(List.of(id, name));
  }
}
