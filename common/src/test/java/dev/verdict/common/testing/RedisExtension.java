package dev.verdict.common.testing;

import dev.verdict.common.config.RedisConfig;
import dev.verdict.common.redis.RedisConnections;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The machine's Redis at 127.0.0.1:6379, reached through the production client settings, with a key
 * prefix ({@link #namespace()}) of its own per test or per class whose keys are deleted afterwards.
 */
public final class RedisExtension extends ServiceExtension {
  private RedisConfig config = RedisConfig.defaults();
  private JedisPooled client;

  private RedisExtension(Scope scope) {
    super(scope);
  }

  /** One namespace for all tests of the class. */
  public static RedisExtension perClass() {
    return new RedisExtension(Scope.PER_CLASS);
  }

  /** A new namespace for each test. */
  public static RedisExtension perTest() {
    return new RedisExtension(Scope.PER_TEST);
  }

  /** Another Redis than the machine's default one, e.g. one that is not there. */
  public RedisExtension at(RedisConfig where) {
    this.config = where;
    return this;
  }

  public RedisConfig config() {
    return config;
  }

  public JedisPooled client() {
    return client;
  }

  /** The keys of the current namespace. */
  public Set<String> keys() {
    return client.keys(namespace() + ":*");
  }

  @Override
  protected void connect(ExtensionContext context) {
    client = RedisConnections.open(config);
    try {
      // why: the pool connects lazily; a missing Redis must fail here, loudly, not in a test.
      client.ping();
    } catch (JedisException e) {
      client.close();
      throw new IllegalStateException(
          "Redis is not reachable at "
              + config.host()
              + ":"
              + config.port()
              + " (./verdict up starts it): "
              + e,
          e);
    }
  }

  @Override
  protected void enter(String namespace) {}

  @Override
  protected void clean(String namespace) {
    Set<String> keys = client.keys(namespace + ":*");
    if (!keys.isEmpty()) {
      client.del(keys.toArray(String[]::new));
    }
  }

  @Override
  protected void disconnect() {
    client.close();
  }
}
