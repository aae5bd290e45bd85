package dev.verdict.api.problem;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import dev.verdict.api.ApiServer;
import dev.verdict.api.access.TokenStore;
import dev.verdict.common.access.Role;
import dev.verdict.common.config.VerdictConfig;
import dev.verdict.common.metrics.Metrics;
import dev.verdict.common.testing.ServicesExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;

/**
 * The API on a real port, on the services of a {@link ServicesExtension} (the MongoDB stand-in, the
 * real RabbitMQ and Redis, in the extension's namespace), and a client for it. Closing it stops the
 * API; the extension removes what it stored.
 */
final class RunningApi implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final ServicesExtension services;
  private final ApiServer api;
  private final HttpClient http = HttpClient.newHttpClient();
  private final String staffToken;
  private final String submitterToken;

  /** A JSON answer. */
  record Answer(int status, JsonNode body, java.net.http.HttpHeaders headers) {
    String error() {
      return body.path("error").asText();
    }

    String field() {
      return body.path("field").asText();
    }
  }

  private RunningApi(ServicesExtension services, List<String> overrides) {
    this.services = services;
    List<String> all = new ArrayList<>(overrides);
    all.add("api.port=0");
    VerdictConfig config = services.config(all);
    api = ApiServer.start(config, Metrics.of("verdict-problems-it"));
    TokenStore tokens = new TokenStore(database(), new MetricRegistry());
    long now = System.currentTimeMillis();
    staffToken = tokens.create("problems-staff", Role.STAFF, null, now).token();
    submitterToken = tokens.create("problems-student", Role.SUBMITTER, null, now).token();
  }

  /** A staff token: every request below sends it unless another token is named. */
  String staff() {
    return staffToken;
  }

  /** A submitter's token. */
  String submitter() {
    return submitterToken;
  }

  /**
   * @param overrides {@code key=value} configuration, e.g. {@code problems.maxFiles=50}
   */
  static RunningApi start(ServicesExtension services, String... overrides) {
    return new RunningApi(services, List.of(overrides));
  }

  MongoDatabase database() {
    return services.mongo().database();
  }

  /** Documents in each collection a problem upload writes to. */
  Map<String, Long> stored() {
    Map<String, Long> counts = new java.util.TreeMap<>();
    for (String collection :
        List.of("blobs.files", "blobs.chunks", "problems", "problem_versions")) {
      counts.put(collection, database().getCollection(collection).countDocuments(new Document()));
    }
    return counts;
  }

  Answer postZip(String path, byte[] zip) {
    return send("POST", path, "application/zip", BodyPublishers.ofByteArray(zip));
  }

  Answer putZip(String path, byte[] zip) {
    return send("PUT", path, "application/zip", BodyPublishers.ofByteArray(zip));
  }

  /** The zip with no length given, so it travels chunked. */
  Answer postZipChunked(String path, byte[] zip) {
    return send(
        "POST",
        path,
        "application/zip",
        BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(zip)));
  }

  Answer postMultipart(String path, String field, byte[] zip) {
    String boundary = "verdict-" + UUID.randomUUID();
    byte[] head =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\""
                + field
                + "\"; filename=\"package.zip\"\r\nContent-Type: application/zip\r\n\r\n")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] tail =
        ("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return send(
        "POST",
        path,
        "multipart/form-data; boundary=" + boundary,
        BodyPublishers.concat(
            BodyPublishers.ofByteArray(head),
            BodyPublishers.ofByteArray(zip),
            BodyPublishers.ofByteArray(tail)));
  }

  Answer postJson(String path, String json) {
    return send("POST", path, "application/json", BodyPublishers.ofString(json));
  }

  Answer get(String path) {
    return send("GET", path, null, BodyPublishers.noBody());
  }

  Answer getAs(String token, String path) {
    return sendAs(token, "GET", path, null, BodyPublishers.noBody());
  }

  Answer delete(String path) {
    return send("DELETE", path, null, BodyPublishers.noBody());
  }

  Answer send(String method, String path, String contentType, BodyPublisher body) {
    return sendAs(staffToken, method, path, contentType, body);
  }

  Answer sendAs(String token, String method, String path, String contentType, BodyPublisher body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
            .header("Authorization", "Bearer " + token)
            .method(method, body);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json =
          response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
      return new Answer(response.statusCode(), json, response.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    api.close();
  }
}
