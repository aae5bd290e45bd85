package dev.verdict.dispatcher;

import com.codahale.metrics.CachedGauge;
import com.codahale.metrics.MetricRegistry;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.verdict.common.broker.Topology;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Gauges of the queues' depths, {@code verdict.dispatcher.queue.<queue>.messages}: how much work
 * waits for workers, and whether the dispatcher keeps up with results. Each is read from the broker
 * at most once every two seconds, however often it is scraped.
 */
final class QueueDepths {
  private QueueDepths() {}

  static void register(MetricRegistry metrics, Connection connection, Topology topology) {
    for (String queue :
        List.of(
            topology.submissionsQueue(),
            topology.tasksQueue(),
            topology.bulkTasksQueue(),
            topology.resultsQueue(),
            topology.deadLetterQueue(),
            topology.parkedQueue())) {
      String suffix = queue.substring(topology.namespace().length() + 1);
      metrics.register(
          "verdict.dispatcher.queue." + suffix + ".messages",
          new CachedGauge<Long>(2, TimeUnit.SECONDS) {
            @Override
            protected Long loadValue() {
              try (Channel channel = connection.createChannel()) {
                return channel.messageCount(queue);
              } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
                return -1L;
              }
            }
          });
    }
  }
}
