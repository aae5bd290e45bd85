package dev.verdict.common.broker;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acknowledgements that may fail because the channel went away. That is harmless: the broker
 * redelivers whatever was not acknowledged, and recording is idempotent.
 */
public final class Acks {
  private static final Logger LOG = LoggerFactory.getLogger(Acks.class);

  private Acks() {}

  public static void ack(Channel channel, long tag) {
    try {
      channel.basicAck(tag, false);
    } catch (IOException | RuntimeException e) {
      LOG.warn("ack failed (the broker will redeliver): {}", e.toString());
    }
  }

  public static void requeue(Channel channel, long tag) {
    try {
      channel.basicNack(tag, false, true);
    } catch (IOException | RuntimeException e) {
      LOG.warn("nack failed (the broker will redeliver): {}", e.toString());
    }
  }

  /** Rejects without requeueing: the message goes to the dead-letter exchange. */
  public static void reject(Channel channel, long tag) {
    try {
      channel.basicReject(tag, false);
    } catch (IOException | RuntimeException e) {
      LOG.warn("reject failed (the broker will redeliver): {}", e.toString());
    }
  }

  /**
   * Stops the consumer, then closes the channel. Cancelling first stops new deliveries; closing
   * returns the unacknowledged ones to the queue.
   */
  public static void cancelAndClose(Channel channel, String consumerTag) {
    try {
      if (channel.isOpen()) {
        channel.basicCancel(consumerTag);
        channel.close();
      }
    } catch (IOException | TimeoutException | RuntimeException e) {
      LOG.debug("closing a consumer channel: {}", e.toString());
    }
  }
}
