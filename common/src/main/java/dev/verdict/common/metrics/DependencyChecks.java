package dev.verdict.common.metrics;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import com.mongodb.client.MongoDatabase;
import com.rabbitmq.client.Connection;
import org.bson.Document;
import redis.clients.jedis.JedisPooled;

/** Health checks for the backing services a process depends on. */
public final class DependencyChecks {
  private DependencyChecks() {}

  public static void rabbitmq(HealthCheckRegistry registry, Connection connection) {
    registry.register(
        "rabbitmq",
        new HealthCheck() {
          @Override
          protected Result check() {
            return connection.isOpen()
                ? Result.healthy()
                : Result.unhealthy("connection closed (recovering)");
          }
        });
  }

  public static void redis(HealthCheckRegistry registry, JedisPooled redis) {
    registry.register(
        "redis",
        new HealthCheck() {
          @Override
          protected Result check() {
            return "PONG".equals(redis.ping()) ? Result.healthy() : Result.unhealthy("no PONG");
          }
        });
  }

  public static void mongodb(HealthCheckRegistry registry, MongoDatabase database) {
    registry.register(
        "mongodb",
        new HealthCheck() {
          @Override
          protected Result check() {
            database.runCommand(new Document("ping", 1));
            return Result.healthy();
          }
        });
  }
}
