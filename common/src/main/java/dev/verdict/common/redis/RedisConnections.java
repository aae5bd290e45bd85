package dev.verdict.common.redis;

import dev.verdict.common.config.RedisConfig;
import dev.verdict.common.config.Tls;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/** Opens the pooled Redis client every component uses. */
public final class RedisConnections {
  private RedisConnections() {}

  public static JedisPooled open(RedisConfig config) {
    return open(config, Tls.defaultContext());
  }

  /**
   * @param tls the TLS context used when {@code redis.tls} is on: the JVM's default (its trust
   *     store) in production, a test's own certificate authority in tests
   */
  public static JedisPooled open(RedisConfig config, SSLContext tls) {
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
    if (config.tls()) {
      client
          .ssl(true)
          .sslSocketFactory(tls.getSocketFactory())
          .sslParameters(Tls.verifyingHostName());
    }
    if (config.password() != null && !config.password().isEmpty()) {
      client.password(config.password());
    }
    return new JedisPooled(pool, new HostAndPort(config.host(), config.port()), client.build());
  }
}
