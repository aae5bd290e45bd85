package dev.verdict.common.broker;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.verdict.common.testing.Namespaces;
import dev.verdict.common.testing.RabbitExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopologyIT {
  private static final int DELIVERY_LIMIT = 2;
  @RegisterExtension static final RabbitExtension rabbit = RabbitExtension.perTest();
  private Topology topology;

  @BeforeEach
  void declare() {
    topology = rabbit.topology();
    topology.declare(rabbit.connection(), DELIVERY_LIMIT);
  }

  @Test
  void queues_are_named_after_the_namespace() {
    Topology named = new Topology("ns");

    assertThat(
            List.of(
                named.submissionsQueue(),
                named.tasksQueue(),
                named.bulkTasksQueue(),
                named.resultsQueue(),
                named.deadLetterExchange(),
                named.deadLetterQueue(),
                named.parkedQueue()))
        .containsExactly(
            "ns.submissions",
            "ns.tasks",
            "ns.tasks.bulk",
            "ns.results",
            "ns.dlx",
            "ns.dead",
            "ns.parked");
  }

  @Test
  void declaring_again_is_idempotent() throws Exception {
    topology.declare(rabbit.connection(), DELIVERY_LIMIT);
    topology.declare(rabbit.connection(), DELIVERY_LIMIT);

    try (Channel channel = rabbit.channel()) {
      for (String queue : queues(topology)) {
        assertThat(channel.queueDeclarePassive(queue).getQueue()).isEqualTo(queue);
      }
      channel.exchangeDeclarePassive(topology.deadLetterExchange());
    }
  }

  @Test
  void the_tasks_queue_is_a_quorum_queue() {
    Map<String, Object> classic =
        Map.of(
            "x-queue-type",
            "classic",
            "x-delivery-limit",
            DELIVERY_LIMIT,
            "x-dead-letter-exchange",
            topology.deadLetterExchange());

    assertThatThrownBy(
            () ->
                onThrowawayChannel(
                    channel ->
                        channel.queueDeclare(topology.tasksQueue(), true, false, false, classic)))
        .isInstanceOf(IOException.class)
        .rootCause()
        .hasMessageContaining("PRECONDITION_FAILED")
        .hasMessageContaining("x-queue-type");
  }

  @Test
  void a_task_returned_more_often_than_the_delivery_limit_is_dead_lettered() throws Exception {
    Channel worker = rabbit.channel();
    AtomicInteger deliveries = new AtomicInteger();
    worker.basicConsume(
        topology.tasksQueue(),
        false,
        (tag, delivery) -> {
          deliveries.incrementAndGet();
          // why: a worker that dies mid-task looks like this to the broker: the task comes back.
          worker.basicNack(delivery.getEnvelope().getDeliveryTag(), false, true);
        },
        tag -> {});

    publish(topology.tasksQueue(), "poison task");

    GetResponse dead = awaitDeadLetter();
    assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo("poison task");
    assertThat(header(dead, "x-first-death-queue")).isEqualTo(topology.tasksQueue());
    // why: broker versions differ on whether the limit counts deliveries or returns; either way
    // the task must stop coming back right after the limit, not after the broker's default of 20.
    assertThat(deliveries.get()).isBetween(DELIVERY_LIMIT, DELIVERY_LIMIT + 1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"submissions", "results"})
  void a_message_rejected_from_a_dispatcher_queue_lands_in_the_dead_queue(String which)
      throws Exception {
    String queue =
        which.equals("submissions") ? topology.submissionsQueue() : topology.resultsQueue();
    publish(queue, "unreadable");
    Channel dispatcher = rabbit.channel();
    AtomicReference<GetResponse> taken = new AtomicReference<>();
    await()
        .atMost(10, SECONDS)
        .until(
            () -> taken.updateAndGet(t -> t != null ? t : get(dispatcher, queue, false)) != null);

    dispatcher.basicReject(taken.get().getEnvelope().getDeliveryTag(), false);

    GetResponse dead = awaitDeadLetter();
    assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo("unreadable");
    assertThat(header(dead, "x-first-death-queue")).isEqualTo(queue);
    assertThat(header(dead, "x-first-death-reason")).isEqualTo("rejected");
    assertThat(rabbit.messageCount(queue)).isZero();
  }

  @Test
  void delete_removes_every_queue_and_the_exchange() throws Exception {
    Topology other = new Topology(Namespaces.unique());
    other.declare(rabbit.connection(), DELIVERY_LIMIT);

    try (Channel channel = rabbit.channel()) {
      other.delete(channel);
    }

    for (String queue : queues(other)) {
      assertThatThrownBy(() -> onThrowawayChannel(channel -> channel.queueDeclarePassive(queue)))
          .as(queue)
          .isInstanceOf(IOException.class)
          .rootCause()
          .hasMessageContaining("NOT_FOUND");
    }
    assertThatThrownBy(
            () ->
                onThrowawayChannel(
                    channel -> channel.exchangeDeclarePassive(other.deadLetterExchange())))
        .isInstanceOf(IOException.class)
        .rootCause()
        .hasMessageContaining("NOT_FOUND");
  }

  /** Runs a call that may close its channel with an error, on a channel of its own. */
  private void onThrowawayChannel(ChannelCall call) throws IOException {
    Channel channel = rabbit.channel();
    try {
      call.run(channel);
    } finally {
      // why: a channel error closes the channel; abort, unlike close, does not throw then.
      channel.abort();
    }
  }

  private interface ChannelCall {
    void run(Channel channel) throws IOException;
  }

  private void publish(String queue, String body) throws Exception {
    try (Channel channel = rabbit.channel()) {
      channel.confirmSelect();
      channel.basicPublish(
          "",
          queue,
          true,
          new AMQP.BasicProperties.Builder().deliveryMode(2).build(),
          body.getBytes(StandardCharsets.UTF_8));
      channel.waitForConfirmsOrDie(5_000);
    }
  }

  private GetResponse awaitDeadLetter() {
    Channel channel = rabbit.channel();
    AtomicReference<GetResponse> dead = new AtomicReference<>();
    await()
        .atMost(10, SECONDS)
        .until(
            () ->
                dead.updateAndGet(
                        d -> d != null ? d : get(channel, topology.deadLetterQueue(), true))
                    != null);
    return dead.get();
  }

  private static GetResponse get(Channel channel, String queue, boolean autoAck) {
    try {
      return channel.basicGet(queue, autoAck);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String header(GetResponse response, String name) {
    return String.valueOf(response.getProps().getHeaders().get(name));
  }

  private static List<String> queues(Topology t) {
    return List.of(
        t.submissionsQueue(),
        t.tasksQueue(),
        t.bulkTasksQueue(),
        t.resultsQueue(),
        t.deadLetterQueue(),
        t.parkedQueue());
  }
}
