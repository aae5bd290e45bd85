package dev.verdict.dispatcher.result;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.verdict.common.broker.Acks;
import dev.verdict.common.broker.Topology;
import dev.verdict.common.codec.MessageCodec;
import dev.verdict.common.codec.MessageCodecException;
import dev.verdict.common.message.Message;
import dev.verdict.common.message.TaskFinished;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the workers' final results ({@code task.finished}) and has the {@link Finalizer} record
 * each one (MongoDB, then Redis: DONE). A result is acknowledged after it is recorded; one that
 * cannot be recorded now (a store is down) goes back to the queue. Workers write RUNNING and the
 * per-test progress to Redis themselves; nothing but final results travels on this queue.
 */
public final class ResultCollector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ResultCollector.class);

  private final Channel channel;
  private final MessageCodec codec;
  private final Finalizer finalizer;
  private final Timer handleTimer;
  private final String consumerTag;

  public ResultCollector(
      Connection connection,
      Topology topology,
      int prefetch,
      MessageCodec codec,
      Finalizer finalizer,
      MetricRegistry metrics)
      throws IOException {
    this.channel = connection.createChannel();
    this.codec = codec;
    this.finalizer = finalizer;
    this.handleTimer = metrics.timer("verdict.dispatcher.result");
    channel.basicQos(prefetch);
    this.consumerTag =
        channel.basicConsume(
            topology.resultsQueue(),
            false,
            new DefaultConsumer(channel) {
              @Override
              public void handleDelivery(
                  String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                handle(envelope.getDeliveryTag(), body);
              }
            });
  }

  private void handle(long tag, byte[] body) {
    Message message;
    try {
      message = codec.decode(body);
    } catch (MessageCodecException e) {
      LOG.error("An unreadable worker report goes to the dead-letter queue: {}", e.getMessage());
      Acks.reject(channel, tag);
      return;
    }
    try (Timer.Context ignored = handleTimer.time()) {
      if (message instanceof TaskFinished finished) {
        finalizer.finish(finished.submissionId(), finished.outcome());
      } else {
        LOG.warn(
            "Submission(id={}) unexpected {} on the results queue",
            message.submissionId(),
            message.getClass().getSimpleName());
      }
      Acks.ack(channel, tag);
    } catch (RuntimeException e) {
      LOG.error(
          "Submission(id={}) report could not be recorded; it goes back to the queue",
          message.submissionId(),
          e);
      Acks.requeue(channel, tag);
    }
  }

  @Override
  public void close() {
    Acks.cancelAndClose(channel, consumerTag);
  }
}
