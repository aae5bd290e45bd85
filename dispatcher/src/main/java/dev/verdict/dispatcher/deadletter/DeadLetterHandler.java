package dev.verdict.dispatcher.deadletter;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.verdict.common.broker.Acks;
import dev.verdict.common.broker.ConfirmingPublisher;
import dev.verdict.common.broker.Topology;
import dev.verdict.common.codec.MessageCodec;
import dev.verdict.common.codec.MessageCodecException;
import dev.verdict.common.message.GradingTask;
import dev.verdict.common.message.Message;
import dev.verdict.common.message.SubmissionQueued;
import dev.verdict.dispatcher.result.Finalizer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes dead letters: tasks that failed on every delivery the queue allows, and messages no one
 * could read. A dead task's submission is finished as INTERNAL_ERROR, so it never hangs; every dead
 * letter is then parked in {@code {ns}.parked} for an operator to inspect.
 */
public final class DeadLetterHandler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);

  private final Channel channel;
  private final Topology topology;
  private final MessageCodec codec;
  private final Finalizer finalizer;
  private final ConfirmingPublisher publisher;
  private final Meter deadLetters;
  private final String consumerTag;

  public DeadLetterHandler(
      Connection connection,
      Topology topology,
      MessageCodec codec,
      Finalizer finalizer,
      ConfirmingPublisher publisher,
      MetricRegistry metrics)
      throws IOException {
    this.channel = connection.createChannel();
    this.topology = topology;
    this.codec = codec;
    this.finalizer = finalizer;
    this.publisher = publisher;
    this.deadLetters = metrics.meter("verdict.dispatcher.dead-letters");
    channel.basicQos(16);
    this.consumerTag =
        channel.basicConsume(
            topology.deadLetterQueue(),
            false,
            new DefaultConsumer(channel) {
              @Override
              public void handleDelivery(
                  String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                handle(envelope.getDeliveryTag(), props, body);
              }
            });
  }

  private void handle(long tag, AMQP.BasicProperties props, byte[] body) {
    deadLetters.mark();
    String why = reason(props);
    try {
      Message message = codec.decode(body);
      String reason = "grading failed repeatedly and was abandoned (" + why + ")";
      switch (message) {
        case GradingTask task ->
            finalizer.internalError(task.submissionId(), task.maxScore(), reason);
        case SubmissionQueued queued -> finalizer.internalError(queued.submissionId(), 0, reason);
        default ->
            LOG.warn(
                "Submission(id={}) dead {} ({})",
                message.submissionId(),
                message.getClass().getSimpleName(),
                why);
      }
    } catch (MessageCodecException e) {
      LOG.error("An unreadable dead letter is parked ({}): {}", why, e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("A dead letter could not be handled now; it goes back to the queue", e);
      Acks.requeue(channel, tag);
      return;
    }
    // why: the acknowledgement is the callback's whole effect; nothing waits on it here.
    var unused =
        publisher
            .publish("", topology.parkedQueue(), body, true, Map.of("x-verdict-dead-reason", why))
            .whenComplete(
                (ok, failure) -> {
                  if (failure == null) {
                    Acks.ack(channel, tag);
                  } else {
                    Acks.requeue(channel, tag);
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

  @Override
  public void close() {
    Acks.cancelAndClose(channel, consumerTag);
  }
}
