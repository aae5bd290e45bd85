package dev.verdict.common.broker;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The queues and exchanges of one deployment, all named after its namespace. Declaring is
 * idempotent, so every component declares the whole topology at start-up and may start in any
 * order.
 *
 * <pre>
 * api ──▶ {ns}.submissions ──▶ dispatcher ──▶ {ns}.tasks (quorum) ──────▶ worker slots
 *                                   │   └───▶ {ns}.tasks.bulk (quorum) ─▶    │
 *                                   ▲                                       │
 *                                   └───────── {ns}.results ◀───────────────┘
 * rejected or over-delivered messages ──▶ {ns}.dlx ──▶ {ns}.dead ──▶ dispatcher
 *                                                                      └─▶ {ns}.parked
 * </pre>
 *
 * <p>Interactive tasks and bulk ones (rejudges, batch submissions) have a queue each: every slot
 * consumes both and prefers the interactive one, so a new submission never waits behind a large
 * rejudge.
 *
 * <p>Tasks live in a quorum queue because it counts deliveries: a task whose worker dies {@code
 * taskDeliveryLimit} times is dead-lettered instead of killing workers forever.
 */
public record Topology(String namespace) {

  public String submissionsQueue() {
    return namespace + ".submissions";
  }

  public String tasksQueue() {
    return namespace + ".tasks";
  }

  /** Tasks that may wait for interactive ones: rejudges and batch submissions. */
  public String bulkTasksQueue() {
    return namespace + ".tasks.bulk";
  }

  public String resultsQueue() {
    return namespace + ".results";
  }

  public String deadLetterExchange() {
    return namespace + ".dlx";
  }

  public String deadLetterQueue() {
    return namespace + ".dead";
  }

  /** Where dead letters are kept for an operator after the dispatcher has handled them. */
  public String parkedQueue() {
    return namespace + ".parked";
  }

  /** Declares every exchange and queue; safe to call from any number of processes at once. */
  public void declare(Channel channel, int taskDeliveryLimit) throws IOException {
    channel.exchangeDeclare(deadLetterExchange(), BuiltinExchangeType.FANOUT, true);
    channel.queueDeclare(deadLetterQueue(), true, false, false, Map.of());
    channel.queueBind(deadLetterQueue(), deadLetterExchange(), "");
    channel.queueDeclare(
        parkedQueue(),
        true,
        false,
        false,
        Map.of("x-max-length", 100_000, "x-overflow", "drop-head"));
    Map<String, Object> deadLettered = Map.of("x-dead-letter-exchange", deadLetterExchange());
    channel.queueDeclare(submissionsQueue(), true, false, false, deadLettered);
    channel.queueDeclare(resultsQueue(), true, false, false, deadLettered);
    Map<String, Object> tasks =
        Map.of(
            "x-queue-type",
            "quorum",
            "x-delivery-limit",
            taskDeliveryLimit,
            "x-dead-letter-exchange",
            deadLetterExchange());
    channel.queueDeclare(tasksQueue(), true, false, false, tasks);
    channel.queueDeclare(bulkTasksQueue(), true, false, false, tasks);
  }

  /** Declares the topology on a short-lived channel of {@code connection}. */
  public void declare(Connection connection, int taskDeliveryLimit) {
    try (Channel channel = connection.createChannel()) {
      declare(channel, taskDeliveryLimit);
    } catch (IOException | TimeoutException e) {
      throw new BrokerUnavailableException("cannot declare the RabbitMQ topology: " + e, e);
    }
  }

  /** Deletes every queue and exchange of this namespace (tests clean up after themselves). */
  public void delete(Channel channel) throws IOException {
    for (String queue :
        new String[] {
          submissionsQueue(),
          tasksQueue(),
          bulkTasksQueue(),
          resultsQueue(),
          deadLetterQueue(),
          parkedQueue()
        }) {
      channel.queueDelete(queue);
    }
    channel.exchangeDelete(deadLetterExchange());
  }
}
