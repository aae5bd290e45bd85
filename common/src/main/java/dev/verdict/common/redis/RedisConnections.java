package dev.verdict.common.redis;

import dev.verdict.common.config.RedisConfig;
import java.time.Duration;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/** Opens the pooled Redis client every component uses. */
public final class RedisConnections {
  private RedisConnections() {}

  public static JedisPooled open(RedisConfig config) {
    GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
    pool.setMaxTotal(config.poolSize());
    pool.setMaxIdle(config.poolSize());
    pool.setMinIdle(Math.min(4, config.poolSize()));
    pool.setMaxWait(Duration.ofSeconds(5));
    DefaultJedisClientConfig.Builder client =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(5_000)
            .socketTimeoutMillis(10_000)
            .clientName("verdict");
    if (config.password() != null && !config.password().isEmpty()) {
      client.password(config.password());
    }
    return new JedisPooled(pool, new HostAndPort(config.host(), config.port()), client.build());
  }
}
