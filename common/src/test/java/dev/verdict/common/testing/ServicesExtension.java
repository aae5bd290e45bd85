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

  private ServicesExtension(Scope scope) {
    super(scope);
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
    List<String> settings = new ArrayList<>();
    settings.add("namespace=" + namespace());
    settings.add("mongo.uri=" + mongo.uri());
    settings.add("mongo.database=" + namespace());
    settings.addAll(overrides);
    return ConfigLoader.load(null, Map.of(), settings);
  }

  @Override
  protected void connect(ExtensionContext context) {
    redis.connect(context);
    rabbit.connect(context);
    mongo.connect(context);
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
        mongo.disconnect();
      }
    }
  }
}
