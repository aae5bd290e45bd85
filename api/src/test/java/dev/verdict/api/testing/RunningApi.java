package dev.verdict.api.testing;

import com.codahale.metrics.MetricRegistry;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.verdict.api.ApiServer;
import dev.verdict.api.access.TokenStore;
import dev.verdict.common.access.Role;
import dev.verdict.common.broker.RabbitConnections;
import dev.verdict.common.broker.Topology;
import dev.verdict.common.config.ConfigLoader;
import dev.verdict.common.config.VerdictConfig;
import dev.verdict.common.metrics.Metrics;
import dev.verdict.common.mongo.MongoConnections;
import dev.verdict.common.redis.RedisConnections;
import dev.verdict.mongostandin.MongoStandIn;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import redis.clients.jedis.JedisPooled;

/**
 * An API on a free loopback port against the real RabbitMQ and Redis and a fresh MongoDB stand-in,
 * in a namespace of its own, with the example problems loaded; removed again on close.
 */
public final class RunningApi implements AutoCloseable {
  public final MongoStandIn mongoServer;
  public final VerdictConfig config;
  public final Metrics metrics;
  public final ApiServer api;
  private final HttpClient http = HttpClient.newHttpClient();

  private RunningApi(MongoStandIn mongoServer, VerdictConfig config, Metrics metrics) {
    this.mongoServer = mongoServer;
    this.config = config;
    this.metrics = metrics;
    this.api = ApiServer.start(config, metrics);
  }

  /** Starts one with {@code overrides} on top of the test settings. */
  public static RunningApi start(String... overrides) {
    return start(MongoStandIn.inMemory(), overrides);
  }

  /** Starts one on the given MongoDB stand-in, reached at {@code mongo.uri} if overridden. */
  public static RunningApi start(MongoStandIn mongo, String... overrides) {
    List<String> settings = new ArrayList<>();
    settings.add("namespace=verdict-api-it-" + UUID.randomUUID().toString().substring(0, 8));
    settings.add("mongo.uri=" + mongo.uri());
    settings.add("api.port=0");
    settings.add(
        "api.problemsDir=" + Path.of("..", "examples", "problems").toAbsolutePath().normalize());
    settings.addAll(List.of(overrides));
    VerdictConfig config = ConfigLoader.load(null, Map.of(), settings);
    return new RunningApi(mongo, config, Metrics.of("verdict-api-it"));
  }

  public String url(String path) {
    return "http://127.0.0.1:" + api.port() + path;
  }

  /** A new token of {@code role}, named {@code name}. */
  public String token(String name, Role role) {
    try (MongoClient client = MongoConnections.open(config.mongo(), "test-tokens")) {
      return new TokenStore(database(client), new MetricRegistry())
          .create(name, role, null, System.currentTimeMillis())
          .token();
    }
  }

  public MongoDatabase database(MongoClient client) {
    return client.getDatabase(config.mongo().database());
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
  public void close() throws Exception {
    api.close();
    try (Connection rabbit = RabbitConnections.open(config.rabbitmq(), "test-cleanup");
        Channel channel = rabbit.createChannel()) {
      new Topology(config.namespace()).delete(channel);
    }
    try (JedisPooled redis = RedisConnections.open(config.redis())) {
      for (String key : redis.keys(config.namespace() + ":*")) {
        redis.del(key);
      }
    }
    mongoServer.close();
  }
}
