package dev.verdict.loadgen.scale;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import dev.verdict.common.broker.RabbitConnections;
import dev.verdict.common.broker.Topology;
import dev.verdict.common.config.VerdictConfig;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * Counts the consumers of the deployment's task queue: one per grader slot. {@code scale} uses it
 * to refuse to measure while another worker grades, and to see its own worker's slots arrive.
 */
final class TaskQueueProbe implements AutoCloseable {
  private final Connection connection;
  private final String queue;

  TaskQueueProbe(VerdictConfig config) {
    this.connection = RabbitConnections.open(config.rabbitmq(), "verdict-load-gen-scale");
    this.queue = new Topology(config.namespace()).tasksQueue();
  }

  String queue() {
    return queue;
  }

  /**
   * @return the consumers of the task queue, or -1 when the queue does not exist (no dispatcher or
   *     worker has declared it yet)
   */
  int consumers() {
    Channel channel = null;
    try {
      channel = connection.createChannel();
      return channel.queueDeclarePassive(queue).getConsumerCount();
    } catch (IOException | ShutdownSignalException e) {
      return -1;
    } finally {
      if (channel != null && channel.isOpen()) {
        try {
          channel.close();
        } catch (IOException | TimeoutException | ShutdownSignalException e) {
          // why: a channel the broker closed (queue missing) needs no closing.
        }
      }
    }
  }

  @Override
  public void close() {
    try {
      connection.close(5_000);
    } catch (IOException | ShutdownSignalException e) {
      // why: closing a connection the broker already dropped is not worth reporting.
    }
  }
}
