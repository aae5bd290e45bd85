package dev.verdict.common.testing;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.verdict.common.broker.RabbitConnections;
import dev.verdict.common.broker.Topology;
import dev.verdict.common.config.RabbitConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;

/**
 * The machine's RabbitMQ at 127.0.0.1:5672 (guest/guest), reached through the production connection
 * settings, with a topology of its own. Fails, rather than skips, when RabbitMQ is not there. Close
 * it in {@code @AfterAll}: that deletes the topology's queues and exchange.
 */
public final class TestRabbit implements AutoCloseable {
  private final Connection connection;
  private final Topology topology = new Topology(Namespaces.unique());

  private TestRabbit() {
    this.connection = RabbitConnections.open(RabbitConfig.defaults(), "verdict-test");
  }

  public static TestRabbit connect() {
    return new TestRabbit();
  }

  public Connection connection() {
    return connection;
  }

  public Topology topology() {
    return topology;
  }

  /** A new channel; close it, or let {@link #close()} close it with the connection. */
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
  public void close() {
    try (Channel channel = channel()) {
      topology.delete(channel);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(e);
    } finally {
      try {
        connection.close();
      } catch (IOException e) {
        // why: the topology is already deleted; a connection that fails to close cleanly leaks
        // nothing the broker keeps.
      }
    }
  }
}
