package dev.verdict.dispatcher.deadletter;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.rabbitmq.client.AMQP;
import dev.verdict.common.broker.ConfirmingPublisher;
import dev.verdict.common.broker.QueueConsumer;
import dev.verdict.common.broker.Topology;
import dev.verdict.common.codec.MessageCodecException;
import dev.verdict.common.message.GradingTask;
import dev.verdict.common.message.Message;
import dev.verdict.common.message.SubmissionQueued;
import dev.verdict.dispatcher.result.Finalizer;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles dead letters (from {@code {ns}.dead}): tasks that failed on every delivery the queue
 * allows, and messages no one could read. A dead task's submission is finished as INTERNAL_ERROR,
 * so it never hangs; every dead letter, readable or not, is then parked in {@code {ns}.parked} for
 * an operator to inspect.
 */
public final class DeadLetterHandler implements QueueConsumer.Handler<Message> {
  /** Dead letters held unacknowledged at once: they are rare, and each waits for a confirm. */
  public static final int PREFETCH = 16;

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);

  private final Topology topology;
  private final Finalizer finalizer;
  private final ConfirmingPublisher publisher;
  private final Meter deadLetters;

  public DeadLetterHandler(
      Topology topology,
      Finalizer finalizer,
      ConfirmingPublisher publisher,
      MetricRegistry metrics) {
    this.topology = topology;
    this.finalizer = finalizer;
    this.publisher = publisher;
    this.deadLetters = metrics.meter("verdict.dispatcher.dead-letters");
  }

  @Override
  public void handle(Message message, QueueConsumer.Delivery delivery) {
    deadLetters.mark();
    String why = reason(delivery.properties());
    String reason = "grading failed repeatedly and was abandoned (" + why + ")";
    switch (message) {
      case GradingTask task ->
          finalizer.internalError(task.submissionId(), task.grading(), task.maxScore(), reason);
      case SubmissionQueued queued ->
          finalizer.internalError(queued.submissionId(), queued.grading(), 0.0, reason);
      default ->
          LOG.warn(
              "Submission(id={}) dead {} ({})",
              message.submissionId(),
              message.getClass().getSimpleName(),
              why);
    }
    park(delivery, why);
  }

  /** An unreadable dead letter is parked too (rejecting it would only bring it back here). */
  @Override
  public void unreadable(QueueConsumer.Delivery delivery, MessageCodecException e) {
    deadLetters.mark();
    String why = reason(delivery.properties());
    LOG.error("An unreadable dead letter is parked ({}): {}", why, e.getMessage());
    park(delivery, why);
  }

  private void park(QueueConsumer.Delivery delivery, String why) {
    // why: the acknowledgement is the callback's whole effect; nothing waits on it here.
    var unused =
        publisher
            .publish(
                "",
                topology.parkedQueue(),
                delivery.body(),
                true,
                Map.of("x-verdict-dead-reason", why))
            .whenComplete(
                (ok, failure) -> {
                  if (failure == null) {
                    delivery.ack();
                  } else {
                    delivery.requeue();
                  }
                });
  }

  private static String reason(AMQP.BasicProperties props) {
    if (props.getHeaders() == null
        || !(props.getHeaders().get("x-death") instanceof List<?> deaths)
        || deaths.isEmpty()) {
      return "unknown reason";
    }
    if (deaths.get(0) instanceof Map<?, ?> death) {
      return death.get("reason") + " from " + death.get("queue") + ", " + death.get("count") + "x";
    }
    return "unknown reason";
  }
}
