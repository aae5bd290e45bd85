package dev.verdict.common.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.verdict.common.codec.MessageCodec;
import dev.verdict.common.codec.MessageCodecException;
import dev.verdict.common.message.Message;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes one queue on a channel of its own, with manual acknowledgements and a prefetch: decodes
 * each message as {@code M} and hands it to a {@link Handler}, which settles it through its {@link
 * Delivery}. A message that cannot be decoded is rejected to the dead-letter exchange (unless the
 * handler says otherwise); one whose handler throws goes back to the queue.
 *
 * <p>Built without touching the broker; {@link #start} opens the channel and starts consuming, so a
 * composition root can build everything first and start consuming last. {@link #close} cancels the
 * consumer first (no new deliveries), then closes the channel, which returns every unacknowledged
 * message to its queue.
 */
public final class QueueConsumer<M extends Message> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(QueueConsumer.class);

  /** What a consumer does with each message of its queue. */
  public interface Handler<M> {
    /**
     * Handles one message and settles its delivery, at once or later (after a publish is confirmed,
     * say), exactly once. Called on the channel's dispatch thread, one message at a time. A
     * RuntimeException returns the message to its queue.
     */
    void handle(M message, Delivery delivery);

    /**
     * A message that cannot be decoded as {@code M}: rejected to the dead-letter exchange, unless
     * the handler does something else with it (and settles it).
     */
    default void unreadable(Delivery delivery, MessageCodecException e) {
      delivery.reject();
    }
  }

  /** One delivery of the queue, to settle once. Thread-safe. */
  public static final class Delivery {
    private final Channel channel;
    private final Envelope envelope;
    private final AMQP.BasicProperties properties;
    private final byte[] body;

    private Delivery(
        Channel channel, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
      this.channel = channel;
      this.envelope = envelope;
      this.properties = properties;
      this.body = body;
    }

    /** Whether the broker delivered it before (to this or another consumer) without an ack. */
    public boolean redelivered() {
      return envelope.isRedeliver();
    }

    public AMQP.BasicProperties properties() {
      return properties;
    }

    public byte[] body() {
      return body;
    }

    /** Done with it: the broker forgets it. */
    public void ack() {
      Acks.ack(channel, envelope.getDeliveryTag());
    }

    /** Not now: back to the queue, for this or another consumer. */
    public void requeue() {
      Acks.requeue(channel, envelope.getDeliveryTag());
    }

    /** Never: to the dead-letter exchange. */
    public void reject() {
      Acks.reject(channel, envelope.getDeliveryTag());
    }
  }

  private final Connection connection;
  private final String queue;
  private final int prefetch;
  private final MessageCodec codec;
  private final Class<M> type;
  private final Handler<M> handler;
  private Channel channel;
  private String consumerTag;

  /**
   * @param type what each message is decoded as; {@code Message.class} accepts every known type
   */
  public QueueConsumer(
      Connection connection,
      String queue,
      int prefetch,
      MessageCodec codec,
      Class<M> type,
      Handler<M> handler) {
    this.connection = connection;
    this.queue = queue;
    this.prefetch = prefetch;
    this.codec = codec;
    this.type = type;
    this.handler = handler;
  }

  /** Opens the channel and starts consuming. */
  public synchronized void start() throws IOException {
    if (channel != null) {
      throw new IllegalStateException("the consumer of " + queue + " is already started");
    }
    channel = connection.createChannel();
    channel.basicQos(prefetch);
    Channel consuming = channel;
    consumerTag =
        channel.basicConsume(
            queue,
            false,
            new DefaultConsumer(consuming) {
              @Override
              public void handleDelivery(
                  String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                handle(new Delivery(consuming, envelope, properties, body));
              }
            });
  }

  private void handle(Delivery delivery) {
    M message;
    try {
      message = codec.decode(delivery.body(), type);
    } catch (MessageCodecException e) {
      LOG.error("An unreadable message on {}: {}", queue, e.getMessage());
      handler.unreadable(delivery, e);
      return;
    }
    try {
      handler.handle(message, delivery);
    } catch (RuntimeException e) {
      LOG.error(
          "Submission(id={}) message on {} could not be handled now; it goes back to the queue",
          message.submissionId(),
          queue,
          e);
      delivery.requeue();
    }
  }

  @Override
  public synchronized void close() {
    if (channel != null) {
      Acks.cancelAndClose(channel, consumerTag);
    }
  }
}
