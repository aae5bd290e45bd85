package dev.verdict.api.health;

import com.mongodb.client.MongoDatabase;
import com.rabbitmq.client.Connection;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bson.Document;
import redis.clients.jedis.JedisPooled;

/**
 * {@code GET /healthz}: the process is alive. {@code GET /readyz}: RabbitMQ, Redis and MongoDB are
 * reachable, so submissions can be accepted; 503 naming what is not.
 */
public final class HealthRoutes {
  private final Connection rabbit;
  private final JedisPooled redis;
  private final MongoDatabase mongo;

  public HealthRoutes(Connection rabbit, JedisPooled redis, MongoDatabase mongo) {
    this.rabbit = rabbit;
    this.redis = redis;
    this.mongo = mongo;
  }

  public void register(Javalin app) {
    app.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
    app.get("/readyz", this::ready);
  }

  private void ready(Context ctx) {
    Map<String, String> checks = new LinkedHashMap<>();
    checks.put("rabbitmq", rabbit.isOpen() ? "ok" : "connection closed");
    checks.put("redis", check(() -> redis.ping()));
    checks.put("mongodb", check(() -> mongo.runCommand(new Document("ping", 1)).toJson()));
    boolean ready = checks.values().stream().allMatch("ok"::equals);
    ctx.status(ready ? 200 : 503)
        .json(Map.of("status", ready ? "ready" : "not ready", "checks", checks));
  }

  private static String check(Runnable probe) {
    try {
      probe.run();
      return "ok";
    } catch (RuntimeException e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }
}
