package dev.verdict.common.broker;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.verdict.common.testing.RabbitExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConfirmingPublisherIT {
  @RegisterExtension static final RabbitExtension rabbit = RabbitExtension.perTest();
  private ConfirmingPublisher publisher;
  private String queue;

  @BeforeEach
  void declare() {
    rabbit.topology().declare(rabbit.connection(), 3);
    queue = rabbit.topology().submissionsQueue();
    publisher = new ConfirmingPublisher(rabbit.connection(), Duration.ofSeconds(10));
  }

  @AfterEach
  void closePublisher() {
    publisher.close();
  }

  @Test
  void a_publish_to_an_existing_queue_is_confirmed_and_delivered_as_persistent_json()
      throws Exception {
    publisher.publishAndWait(queue, utf8("{\"hello\":1}"));

    GetResponse got = rabbit.channel().basicGet(queue, true);
    assertThat(got).isNotNull();
    assertThat(got.getBody()).isEqualTo(utf8("{\"hello\":1}"));
    assertThat(got.getProps().getDeliveryMode()).isEqualTo(2);
    assertThat(got.getProps().getContentType()).isEqualTo("application/json");
  }

  @Test
  void a_transient_publish_is_confirmed_too() throws Exception {
    CompletableFuture<Void> confirmed = publisher.publish(queue, utf8("transient"), false);

    publisher.await(confirmed, queue);

    assertThat(confirmed).isCompleted();
    assertThat(rabbit.channel().basicGet(queue, true).getProps().getDeliveryMode()).isEqualTo(1);
  }

  @Test
  void a_publish_to_a_queue_that_does_not_exist_is_rejected() {
    String missing = rabbit.topology().namespace() + ".nowhere";

    assertThatThrownBy(() -> publisher.publishAndWait(missing, utf8("lost")))
        .isInstanceOf(PublishRejectedException.class)
        .hasMessageContaining("no queue");
  }

  @Test
  void the_future_of_an_unroutable_publish_fails_with_the_rejection() {
    CompletableFuture<Void> confirmed =
        publisher.publish(rabbit.topology().namespace() + ".nowhere", utf8("lost"), true);

    assertThat(confirmed)
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(PublishRejectedException.class);
  }

  @Test
  void a_rejected_publish_does_not_affect_the_next_one() {
    assertThatThrownBy(
            () -> publisher.publishAndWait(rabbit.topology().namespace() + ".nowhere", utf8("x")))
        .isInstanceOf(PublishRejectedException.class);

    publisher.publishAndWait(queue, utf8("y"));

    assertThat(rabbit.messageCount(queue)).isEqualTo(1);
  }

  @Test
  void many_concurrent_publishes_from_virtual_threads_all_confirm() throws Exception {
    int publishes = 500;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < publishes; i++) {
        byte[] body = utf8("message " + i);
        done.add(
            threads.submit(
                () -> {
                  start.await();
                  publisher.publishAndWait(queue, body);
                  return null;
                }));
      }
      start.countDown();
    }

    for (Future<?> publish : done) {
      publish.get();
    }
    await().atMost(10, SECONDS).until(() -> rabbit.messageCount(queue) == publishes);
    assertThat(drain(publishes)).hasSize(publishes);
  }

  @Test
  void a_publish_on_a_closed_publisher_fails_as_broker_unavailable() {
    publisher.close();

    assertThatThrownBy(() -> publisher.publishAndWait(queue, utf8("late")))
        .isInstanceOf(BrokerUnavailableException.class);
  }

  private Set<String> drain(int expected) throws Exception {
    Set<String> bodies = new HashSet<>();
    Channel channel = rabbit.channel();
    for (int i = 0; i < expected; i++) {
      GetResponse got = channel.basicGet(queue, true);
      assertThat(got).as("message %d of %d", i + 1, expected).isNotNull();
      bodies.add(new String(got.getBody(), StandardCharsets.UTF_8));
    }
    return bodies;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
