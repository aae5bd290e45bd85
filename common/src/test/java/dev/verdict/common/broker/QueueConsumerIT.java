package dev.verdict.common.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.MessageProperties;
import dev.verdict.common.codec.MessageCodec;
import dev.verdict.common.message.MessageFixtures;
import dev.verdict.common.message.SubmissionQueued;
import dev.verdict.common.testing.RabbitExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The one queue consumer of the services, on the machine's RabbitMQ. */
class QueueConsumerIT {
  private final MessageCodec codec = new MessageCodec();
  @RegisterExtension static final RabbitExtension rabbit = RabbitExtension.perTest();
  private String queue;
  private QueueConsumer<SubmissionQueued> consumer;

  @BeforeEach
  void declare() {
    rabbit.topology().declare(rabbit.connection(), 3);
    queue = rabbit.topology().submissionsQueue();
  }

  @AfterEach
  void closeConsumer() {
    if (consumer != null) {
      consumer.close();
    }
  }

  @Test
  void nothing_is_consumed_before_start_and_a_handled_message_is_acknowledged() throws Exception {
    List<SubmissionQueued> handled = new CopyOnWriteArrayList<>();
    consumer =
        consumer(
            (message, delivery) -> {
              handled.add(message);
              delivery.ack();
            });
    publish(codec.encode(MessageFixtures.submissionQueued()));
    assertThat(rabbit.messageCount(queue)).as("waiting before start").isEqualTo(1);

    consumer.start();

    await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 1);
    assertThat(handled).containsExactly(MessageFixtures.submissionQueued());
    consumer.close();
    assertThat(rabbit.messageCount(queue)).as("acknowledged, so gone").isZero();
  }

  @Test
  void an_unreadable_message_goes_to_the_dead_letter_queue_without_reaching_the_handler()
      throws Exception {
    AtomicInteger handled = new AtomicInteger();
    consumer = consumer((message, delivery) -> handled.incrementAndGet());
    consumer.start();

    publish("not a message".getBytes(StandardCharsets.UTF_8));
    publish(codec.encode(MessageFixtures.taskFinished()));

    String dead = rabbit.topology().deadLetterQueue();
    await().atMost(Duration.ofSeconds(10)).until(() -> rabbit.messageCount(dead) == 2);
    assertThat(handled).hasValue(0);
  }

  @Test
  void a_message_whose_handler_fails_goes_back_to_the_queue() throws Exception {
    List<Boolean> redelivered = new CopyOnWriteArrayList<>();
    consumer =
        consumer(
            (message, delivery) -> {
              redelivered.add(delivery.redelivered());
              if (redelivered.size() == 1) {
                throw new IllegalStateException("a store is down");
              }
              delivery.ack();
            });
    consumer.start();

    publish(codec.encode(MessageFixtures.submissionQueued()));

    await().atMost(Duration.ofSeconds(10)).until(() -> redelivered.size() == 2);
    assertThat(redelivered).containsExactly(false, true);
  }

  @Test
  void closing_returns_what_was_not_acknowledged_to_the_queue() throws Exception {
    AtomicInteger held = new AtomicInteger();
    consumer = consumer((message, delivery) -> held.incrementAndGet());
    consumer.start();
    publish(codec.encode(MessageFixtures.submissionQueued()));
    await().atMost(Duration.ofSeconds(10)).until(() -> held.get() == 1);

    consumer.close();

    await().atMost(Duration.ofSeconds(10)).until(() -> rabbit.messageCount(queue) == 1);
  }

  private QueueConsumer<SubmissionQueued> consumer(
      QueueConsumer.Handler<SubmissionQueued> handler) {
    return new QueueConsumer<>(
        rabbit.connection(), queue, 4, codec, SubmissionQueued.class, handler);
  }

  private void publish(byte[] body) throws Exception {
    try (Channel channel = rabbit.channel()) {
      channel.confirmSelect();
      channel.basicPublish("", queue, MessageProperties.PERSISTENT_BASIC, body);
      channel.waitForConfirmsOrDie(5_000);
    }
  }
}
