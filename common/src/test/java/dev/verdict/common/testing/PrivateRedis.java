package dev.verdict.common.testing;

import dev.verdict.common.config.RedisConfig;
import java.util.List;
import redis.clients.jedis.Jedis;

/**
 * A Redis of a test's own on a spare loopback port that keeps nothing on disk, as Verdict's Redis
 * is run: {@link #stop()} then {@link #start()} is a restart with every key gone.
 */
public final class PrivateRedis extends LocalServer {
  private PrivateRedis() {
    super("redis");
  }

  /** Starts an empty Redis and returns once it answers PING. */
  public static PrivateRedis boot() {
    PrivateRedis redis = new PrivateRedis();
    try {
      redis.start();
    } catch (RuntimeException e) {
      redis.close();
      throw e;
    }
    return redis;
  }

  /** Where components reach this Redis. */
  public RedisConfig config() {
    RedisConfig defaults = RedisConfig.defaults();
    return new RedisConfig(
        "127.0.0.1", port, null, defaults.poolSize(), defaults.statusTtlSeconds(), false);
  }

  /** The settings that point a component's configuration here. */
  public List<String> settings() {
    return List.of("redis.host=127.0.0.1", "redis.port=" + port);
  }

  @Override
  protected List<String> command() {
    return List.of(
        "redis-server",
        "--port",
        Integer.toString(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        dir.toString());
  }

  @Override
  protected boolean answers() {
    if (!listening()) {
      return false;
    }
    try (Jedis jedis = new Jedis("127.0.0.1", port)) {
      return "PONG".equals(jedis.ping());
    } catch (RuntimeException e) {
      return false;
    }
  }
}
