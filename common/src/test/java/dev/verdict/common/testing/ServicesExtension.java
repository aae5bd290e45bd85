package dev.verdict.common.testing;

import dev.verdict.common.config.ConfigLoader;
import dev.verdict.common.config.VerdictConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Everything a Verdict component runs against: the MongoDB stand-in, Redis and RabbitMQ, under one
 * namespace (database name, key prefix and queue prefix) per test or per class, all removed
 * afterwards. {@link #config} gives the configuration that points a component there.
 *
 * <pre>
 * &#64;RegisterExtension static final ServicesExtension services = ServicesExtension.perClass();
 * ... ApiServer.start(services.config("api.port=0"), metrics) ...
 * </pre>
 */
public final class ServicesExtension extends ServiceExtension {
  private final MongoExtension mongo = MongoExtension.perClass();
  private final RedisExtension redis = RedisExtension.perClass();
  private final RabbitExtension rabbit = RabbitExtension.perClass();

  private final String[] privateRabbitConf;
  private PrivateRabbit privateRabbit;
  private PrivateRedis privateRedis;

  private ServicesExtension(Scope scope, String[] privateRabbitConf) {
    super(scope);
    this.privateRabbitConf = privateRabbitConf;
  }

  private ServicesExtension(Scope scope) {
    this(scope, null);
  }

  /**
   * One namespace for all tests of the class, on a RabbitMQ node and a Redis of the class's own
   * (started before the class, stopped after it), which its tests may stop and restart: {@link
   * #privateRabbit()}, {@link #privateRedis()}. The MongoDB stand-in is the shared one.
   *
   * @param rabbitConf lines of the node's {@code rabbitmq.conf}
   */
  public static ServicesExtension perClassOnPrivateServers(String... rabbitConf) {
    return new ServicesExtension(Scope.PER_CLASS, rabbitConf);
  }

  /** The class's own RabbitMQ node; only with {@link #perClassOnPrivateServers}. */
  public PrivateRabbit privateRabbit() {
    if (privateRabbit == null) {
      throw new IllegalStateException("not on private servers: use perClassOnPrivateServers()");
    }
    return privateRabbit;
  }

  /** The class's own Redis; only with {@link #perClassOnPrivateServers}. */
  public PrivateRedis privateRedis() {
    if (privateRedis == null) {
      throw new IllegalStateException("not on private servers: use perClassOnPrivateServers()");
    }
    return privateRedis;
  }

  /** One namespace for all tests of the class. */
  public static ServicesExtension perClass() {
    return new ServicesExtension(Scope.PER_CLASS);
  }

  /** A new namespace for each test. */
  public static ServicesExtension perTest() {
    return new ServicesExtension(Scope.PER_TEST);
  }

  public MongoExtension mongo() {
    return mongo;
  }

  public RedisExtension redis() {
    return redis;
  }

  public RabbitExtension rabbit() {
    return rabbit;
  }

  /**
   * The configuration of a deployment in the current namespace, on these services.
   *
   * @param overrides {@code key=value} settings on top, e.g. {@code api.port=0}
   */
  public VerdictConfig config(String... overrides) {
    return config(List.of(overrides));
  }

  /** As {@link #config(String...)}. */
  public VerdictConfig config(List<String> overrides) {
    return ConfigLoader.load(null, Map.of(), settings(overrides));
  }

  /**
   * The {@code key=value} settings of {@link #config(List)}, for a component run as a process of
   * its own ({@code --set} each).
   */
  public List<String> settings(List<String> overrides) {
    List<String> settings = new ArrayList<>();
    settings.add("namespace=" + namespace());
    settings.add("mongo.uri=" + mongo.uri());
    settings.add("mongo.database=" + namespace());
    if (privateRabbit != null) {
      settings.addAll(privateRabbit.settings());
      settings.addAll(privateRedis.settings());
    }
    settings.addAll(overrides);
    return settings;
  }

  @Override
  protected void connect(ExtensionContext context) {
    if (privateRabbitConf != null) {
      privateRedis = PrivateRedis.boot();
      try {
        privateRabbit = PrivateRabbit.boot(privateRabbitConf);
      } catch (RuntimeException e) {
        privateRedis.close();
        throw e;
      }
      redis.at(privateRedis.config());
      rabbit.at(privateRabbit.config());
    }
    try {
      redis.connect(context);
      rabbit.connect(context);
      mongo.connect(context);
    } catch (RuntimeException e) {
      stopPrivateServers();
      throw e;
    }
  }

  @Override
  protected void enter(String namespace) {
    mongo.begin(namespace);
    redis.begin(namespace);
    rabbit.begin(namespace);
  }

  @Override
  protected void clean(String namespace) {
    try {
      rabbit.end();
    } finally {
      try {
        redis.end();
      } finally {
        mongo.end();
      }
    }
  }

  @Override
  protected void disconnect() {
    try {
      rabbit.disconnect();
    } finally {
      try {
        redis.disconnect();
      } finally {
        try {
          mongo.disconnect();
        } finally {
          stopPrivateServers();
        }
      }
    }
  }

  private void stopPrivateServers() {
    if (privateRabbit == null) {
      return;
    }
    try {
      privateRabbit.close();
    } finally {
      privateRedis.close();
      privateRabbit = null;
      privateRedis = null;
    }
  }
}
