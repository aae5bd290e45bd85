package dev.verdict.common.config;

/**
 * How to reach Redis and how long live status is kept there. Key prefix {@code redis.}.
 *
 * @param tls speak TLS to Redis (its {@code tls-port}), verifying its certificate against the JVM's
 *     trust store and its host name
 */
public record RedisConfig(
    String host,
    Integer port,
    String password,
    Integer poolSize,
    Integer statusTtlSeconds,
    Boolean tls) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 6379;
  public static final int DEFAULT_POOL_SIZE = 64;
  public static final int DEFAULT_STATUS_TTL_SECONDS = 86_400;

  public RedisConfig {
    host = Check.host("redis.host", host, DEFAULT_HOST);
    port = Check.intIn("redis.port", port, DEFAULT_PORT, 1, 65535);
    tls = tls != null && tls;
    poolSize = Check.intIn("redis.poolSize", poolSize, DEFAULT_POOL_SIZE, 1, 4096);
    statusTtlSeconds =
        Check.intIn(
            "redis.statusTtlSeconds",
            statusTtlSeconds,
            DEFAULT_STATUS_TTL_SECONDS,
            60,
            365 * 86_400);
  }

  public static RedisConfig defaults() {
    return new RedisConfig(null, null, null, null, null, null);
  }
}
