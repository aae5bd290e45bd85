package dev.verdict.api.testing;

import com.codahale.metrics.MetricRegistry;
import com.mongodb.client.MongoDatabase;
import dev.verdict.api.ApiServer;
import dev.verdict.api.access.TokenStore;
import dev.verdict.common.access.Role;
import dev.verdict.common.config.VerdictConfig;
import dev.verdict.common.metrics.Metrics;
import dev.verdict.common.testing.ServicesExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.JedisPooled;

/**
 * An API on a free loopback port against the services of a {@link ServicesExtension} (the real
 * RabbitMQ and Redis and the MongoDB stand-in, in the extension's namespace), with the example
 * problems loaded. Closing it stops the API; the extension removes what it stored.
 */
public final class RunningApi implements AutoCloseable {
  public final VerdictConfig config;
  public final Metrics metrics;
  public final ApiServer api;
  private final ServicesExtension services;
  private final HttpClient http = HttpClient.newHttpClient();

  private RunningApi(ServicesExtension services, VerdictConfig config, Metrics metrics) {
    this.services = services;
    this.config = config;
    this.metrics = metrics;
    this.api = ApiServer.start(config, metrics);
  }

  /** Starts one with {@code overrides} on top of the test settings. */
  public static RunningApi start(ServicesExtension services, String... overrides) {
    List<String> settings = new ArrayList<>();
    settings.add("api.port=0");
    settings.add(
        "api.problemsDir=" + Path.of("..", "examples", "problems").toAbsolutePath().normalize());
    settings.addAll(List.of(overrides));
    return new RunningApi(services, services.config(settings), Metrics.of("verdict-api-it"));
  }

  public String url(String path) {
    return "http://127.0.0.1:" + api.port() + path;
  }

  /** A new token of {@code role}, named {@code name}. */
  public String token(String name, Role role) {
    return new TokenStore(database(), new MetricRegistry())
        .create(name, role, null, System.currentTimeMillis())
        .token();
  }

  /** The API's MongoDB database. */
  public MongoDatabase database() {
    return services.mongo().database();
  }

  /** The API's Redis; its keys start with {@code config.namespace()}. */
  public JedisPooled redis() {
    return services.redis().client();
  }

  public HttpResponse<String> get(String path, String token) throws IOException {
    return send(request(path, token).GET().build());
  }

  public HttpResponse<String> post(String path, String token, String json) throws IOException {
    return send(
        request(path, token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  /** A JSON POST with {@code headers}, given as name, value, name, value, ... */
  public HttpResponse<String> post(String path, String token, String json, String... headers)
      throws IOException {
    HttpRequest.Builder request =
        request(path, token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request.build());
  }

  public HttpResponse<String> patch(String path, String token, String json) throws IOException {
    return send(
        request(path, token)
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  public HttpResponse<String> send(HttpRequest request) throws IOException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  public HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)));
    return token == null ? request : request.header("Authorization", "Bearer " + token);
  }

  /** A submission of the sum problem in Python, as JSON. */
  public static String sumInPython() {
    return "{\"problem\": \"sum\", \"language\": \"python3\", \"files\": [{\"name\": \"main.py\","
        + " \"content\": \"a, b = map(int, input().split())\\nprint(a + b)\\n\"}]}";
  }

  @Override
  public void close() {
    api.close();
  }
}
