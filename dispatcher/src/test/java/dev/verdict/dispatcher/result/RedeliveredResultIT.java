package dev.verdict.dispatcher.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import com.mongodb.client.MongoClient;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.MessageProperties;
import dev.verdict.common.broker.RabbitConnections;
import dev.verdict.common.broker.Topology;
import dev.verdict.common.codec.MessageCodec;
import dev.verdict.common.config.ConfigLoader;
import dev.verdict.common.config.VerdictConfig;
import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.TaskFinished;
import dev.verdict.common.message.TestResult;
import dev.verdict.common.message.Verdict;
import dev.verdict.common.metrics.Metrics;
import dev.verdict.common.mongo.MongoConnections;
import dev.verdict.common.redis.RedisConnections;
import dev.verdict.common.status.LiveStatus;
import dev.verdict.common.status.StatusStore;
import dev.verdict.common.submission.StateChange;
import dev.verdict.common.submission.Submission;
import dev.verdict.common.submission.SubmissionState;
import dev.verdict.common.submission.SubmissionStore;
import dev.verdict.dispatcher.Dispatcher;
import dev.verdict.mongostandin.MongoStandIn;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/**
 * A running dispatcher on the machine's RabbitMQ and Redis and the MongoDB stand-in: a result that
 * arrives again (the broker redelivered its task, or the worker published it twice) is recorded
 * once, in MongoDB and in Redis.
 */
class RedeliveredResultIT {
  private final MessageCodec codec = new MessageCodec();
  private MongoStandIn mongo;
  private VerdictConfig config;
  private Metrics metrics;
  private Dispatcher dispatcher;
  private MongoClient client;
  private JedisPooled redis;
  private Connection rabbit;
  private SubmissionStore submissions;
  private StatusStore status;

  @BeforeEach
  void startDispatcher() {
    mongo = MongoStandIn.inMemory();
    config =
        ConfigLoader.load(
            null,
            Map.of(),
            List.of(
                "namespace=verdict-it-" + UUID.randomUUID().toString().substring(0, 8),
                "mongo.uri=" + mongo.uri(),
                "dispatcher.adminPort=0"));
    metrics = Metrics.of("verdict-it.dispatcher");
    dispatcher = Dispatcher.start(config, metrics);
    client = MongoConnections.open(config.mongo(), "verdict-it");
    redis = RedisConnections.open(config.redis());
    rabbit = RabbitConnections.open(config.rabbitmq(), "verdict-it");
    submissions =
        new SubmissionStore(client.getDatabase(config.mongo().database()), new MetricRegistry());
    status =
        new StatusStore(
            redis, config.namespace(), config.redis().statusTtlSeconds(), new MetricRegistry());
  }

  @AfterEach
  void stop() throws Exception {
    dispatcher.close();
    try (Channel channel = rabbit.createChannel()) {
      new Topology(config.namespace()).delete(channel);
    }
    rabbit.close();
    Set<String> keys = redis.keys(config.namespace() + ":*");
    if (!keys.isEmpty()) {
      redis.del(keys.toArray(String[]::new));
    }
    redis.close();
    client.close();
    metrics.close();
    mongo.close();
  }

  @Test
  void a_redelivered_result_is_recorded_once() throws Exception {
    Submission queued =
        Submission.queued(UUID.randomUUID().toString(), "sum", "v1", "python3", List.of(), 1_000);
    submissions.insert(queued);
    status.queued(queued.id(), "sum", "python3", 1_000);
    GradingOutcome first = outcome(Verdict.ACCEPTED, 1_100, 1_200);
    GradingOutcome late = outcome(Verdict.WRONG_ANSWER, 1_300, 1_400);

    publishResult(queued.id(), first);
    publishResult(queued.id(), first);
    publishResult(queued.id(), late);

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(metrics.registry().timer("verdict.dispatcher.result").getCount())
                    .as("results handled")
                    .isEqualTo(3));
    Submission stored = submissions.find(queued.id()).orElseThrow();
    assertThat(stored.state()).isEqualTo(SubmissionState.DONE);
    assertThat(stored.history().stream().map(StateChange::state))
        .containsExactly(SubmissionState.QUEUED, SubmissionState.RUNNING, SubmissionState.DONE);
    assertThat(stored.version()).as("saved once").isEqualTo(1);
    assertThat(stored.result()).isEqualTo(first);
    LiveStatus live = status.get(queued.id()).orElseThrow();
    assertThat(live.state()).isEqualTo(SubmissionState.DONE);
    assertThat(live.result()).isEqualTo(first);
    assertThat(metrics.registry().meter("verdict.dispatcher.verdict.ACCEPTED").getCount())
        .isEqualTo(1);
    assertThat(metrics.registry().meter("verdict.dispatcher.verdict.WRONG_ANSWER").getCount())
        .isZero();
  }

  private void publishResult(String id, GradingOutcome outcome) throws Exception {
    try (Channel channel = rabbit.createChannel()) {
      channel.confirmSelect();
      channel.basicPublish(
          "",
          new Topology(config.namespace()).resultsQueue(),
          MessageProperties.PERSISTENT_BASIC,
          codec.encode(new TaskFinished(TaskFinished.VERSION, id, outcome)));
      channel.waitForConfirmsOrDie(5_000);
    }
  }

  private static GradingOutcome outcome(Verdict verdict, long startedAt, long finishedAt) {
    return GradingOutcome.fromTests(
        List.of(new TestResult("sample/1", verdict, 1, 10, 20, 4_096, 0, null, null)),
        1,
        "",
        "worker-it",
        startedAt,
        finishedAt);
  }
}
