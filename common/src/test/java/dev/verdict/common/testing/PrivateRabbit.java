package dev.verdict.common.testing;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.verdict.common.config.RabbitConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A RabbitMQ node of a test's own: {@code rabbitmq-server} with a node name, AMQP and distribution
 * ports on loopback, and mnesia, log and Erlang cookie directories all its own, so stopping it
 * disturbs no other test. Data survives {@link #stop()} and {@link #start()} as on a real broker's
 * restart. It boots in about 6 s here (8 s when restarted): share one per test class.
 *
 * <pre>
 * try (PrivateRabbit rabbit = PrivateRabbit.boot()) { ... rabbit.stop(); rabbit.start(); ... }
 * </pre>
 */
public final class PrivateRabbit extends LocalServer {
  private static final String SERVER = "/usr/lib/rabbitmq/bin/rabbitmq-server";

  private final String node =
      "verdict-" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
  private final int distPort = sparePort();

  private PrivateRabbit(List<String> conf) {
    super("rabbitmq");
    try {
      Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
      Files.writeString(dir.resolve("rabbitmq.conf"), String.join("\n", conf) + "\n");
      // why: the broker checks a consumer_timeout on each channel's tick, once a minute by
      // default (an advanced.config key only); every second here, a timeout a test sets acts
      // within a second of it rather than within a minute.
      Files.writeString(
          dir.resolve("advanced.config"), "[{rabbit, [{channel_tick_interval, 1000}]}].\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts a node and returns once it accepts AMQP connections.
   *
   * @param conf lines of {@code rabbitmq.conf}, e.g. {@code consumer_timeout = 5000}
   */
  public static PrivateRabbit boot(String... conf) {
    return started(new PrivateRabbit(List.of(conf)));
  }

  /** Where components reach this node. */
  public RabbitConfig config() {
    RabbitConfig defaults = RabbitConfig.defaults();
    return new RabbitConfig(
        "127.0.0.1",
        port,
        defaults.username(),
        defaults.password(),
        defaults.virtualHost(),
        defaults.confirmTimeoutMs(),
        defaults.taskDeliveryLimit(),
        false,
        defaults.heartbeatSeconds());
  }

  /** The settings that point a component's configuration here. */
  public List<String> settings() {
    return List.of("rabbitmq.host=127.0.0.1", "rabbitmq.port=" + port);
  }

  @Override
  protected List<String> command() {
    return List.of(SERVER);
  }

  @Override
  protected Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    // why: the Erlang cookie lives in $HOME; a home of its own keeps the node's cookie private.
    env.put("HOME", dir.toString());
    env.put("RABBITMQ_NODENAME", node);
    env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
    env.put("RABBITMQ_NODE_PORT", Integer.toString(port));
    env.put("RABBITMQ_DIST_PORT", Integer.toString(distPort));
    env.put("ERL_EPMD_ADDRESS", "127.0.0.1");
    env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
    env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
    env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
    env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq").toString());
    env.put("RABBITMQ_ADVANCED_CONFIG_FILE", dir.resolve("advanced.config").toString());
    return env;
  }

  @Override
  protected boolean answers() {
    if (!listening()) {
      return false;
    }
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost("127.0.0.1");
    factory.setPort(port);
    factory.setConnectionTimeout(1_000);
    factory.setAutomaticRecoveryEnabled(false);
    try (Connection ignored = factory.newConnection("verdict-test-probe")) {
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  protected Duration startTimeout() {
    return Duration.ofSeconds(90);
  }
}
