package dev.verdict.common.testing;

import dev.verdict.common.config.RedisConfig;
import dev.verdict.common.redis.RedisConnections;
import java.util.Set;
import redis.clients.jedis.JedisPooled;

/**
 * The machine's Redis at 127.0.0.1:6379, reached through the production client settings, with a
 * namespace of its own. Fails, rather than skips, when Redis is not there. Close it in
 * {@code @AfterAll}: that deletes every key of the namespace.
 */
public final class TestRedis implements AutoCloseable {
  private final JedisPooled redis;
  private final String namespace = Namespaces.unique();

  private TestRedis() {
    this.redis = RedisConnections.open(RedisConfig.defaults());
    // why: the pool connects lazily; a missing Redis must fail here, loudly, not in a later test.
    redis.ping();
  }

  public static TestRedis connect() {
    return new TestRedis();
  }

  public JedisPooled client() {
    return redis;
  }

  public String namespace() {
    return namespace;
  }

  @Override
  public void close() {
    Set<String> keys = redis.keys(namespace + ":*");
    if (!keys.isEmpty()) {
      redis.del(keys.toArray(String[]::new));
    }
    redis.close();
  }
}
