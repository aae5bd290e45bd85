package dev.verdict.common.testing;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import dev.verdict.common.broker.RabbitConnections;
import dev.verdict.common.broker.Topology;
import dev.verdict.common.config.RabbitConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The machine's RabbitMQ at 127.0.0.1:5672 (guest/guest), reached through the production connection
 * settings, with a {@link Topology} of its own per test or per class whose queues and exchange are
 * deleted afterwards. The topology is not declared: a test declares it with the delivery limit it
 * needs, or starts a component that does.
 */
public final class RabbitExtension extends ServiceExtension {
  private RabbitConfig config = RabbitConfig.defaults();
  private Connection connection;
  private Topology topology;

  private RabbitExtension(Scope scope) {
    super(scope);
  }

  /** One topology for all tests of the class. */
  public static RabbitExtension perClass() {
    return new RabbitExtension(Scope.PER_CLASS);
  }

  /** A new topology for each test. */
  public static RabbitExtension perTest() {
    return new RabbitExtension(Scope.PER_TEST);
  }

  /** Another RabbitMQ than the machine's default one, e.g. one that is not there. */
  public RabbitExtension at(RabbitConfig where) {
    this.config = where;
    return this;
  }

  public RabbitConfig config() {
    return config;
  }

  public Connection connection() {
    return connection;
  }

  /** The queues and exchanges of the current namespace. */
  public Topology topology() {
    if (topology == null) {
      throw new IllegalStateException("RabbitExtension has no topology outside a test");
    }
    return topology;
  }

  /** A new channel; close it, or let the extension close it with the connection. */
  public Channel channel() {
    try {
      return connection.createChannel();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Messages ready in a queue; waits for nothing. */
  public long messageCount(String queue) {
    try (Channel channel = channel()) {
      return channel.queueDeclarePassive(queue).getMessageCount();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected void connect(ExtensionContext context) {
    // why: RabbitConnections.open throws BrokerUnavailableException, naming the address, when the
    // broker is not there.
    connection = RabbitConnections.open(config(), "verdict-test");
  }

  @Override
  protected void enter(String namespace) {
    topology = new Topology(namespace);
  }

  @Override
  protected void clean(String namespace) {
    topology = null;
    try (Channel channel = channel()) {
      new Topology(namespace).delete(channel);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected void disconnect() {
    try {
      connection.close();
    } catch (IOException | ShutdownSignalException e) {
      // why: the namespace is already deleted; a connection that fails to close cleanly (or was
      // already closed by a broker a test killed) leaves nothing the broker keeps.
    }
  }
}
