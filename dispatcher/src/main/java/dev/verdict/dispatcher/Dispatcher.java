package dev.verdict.dispatcher;

import com.codahale.metrics.MetricRegistry;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.rabbitmq.client.Connection;
import dev.verdict.common.broker.ConfirmingPublisher;
import dev.verdict.common.broker.QueueConsumer;
import dev.verdict.common.broker.RabbitConnections;
import dev.verdict.common.broker.Topology;
import dev.verdict.common.codec.MessageCodec;
import dev.verdict.common.config.DispatcherConfig;
import dev.verdict.common.config.VerdictConfig;
import dev.verdict.common.lifecycle.Closer;
import dev.verdict.common.message.Message;
import dev.verdict.common.message.SubmissionQueued;
import dev.verdict.common.metrics.AdminServer;
import dev.verdict.common.metrics.DependencyChecks;
import dev.verdict.common.metrics.Metrics;
import dev.verdict.common.mongo.MongoConnections;
import dev.verdict.common.problem.ProblemStore;
import dev.verdict.common.redis.RedisConnections;
import dev.verdict.common.rejudge.RejudgeStore;
import dev.verdict.common.status.StatusStore;
import dev.verdict.common.submission.SubmissionStore;
import dev.verdict.dispatcher.deadletter.DeadLetterHandler;
import dev.verdict.dispatcher.intake.SubmissionIntake;
import dev.verdict.dispatcher.outbox.OutboxSweeper;
import dev.verdict.dispatcher.rejudge.RejudgeRunner;
import dev.verdict.dispatcher.result.Finalizer;
import dev.verdict.dispatcher.result.ProblemCache;
import dev.verdict.dispatcher.result.ResultCollector;
import dev.verdict.dispatcher.webhook.WebhookSender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;

/**
 * A running dispatcher: intake, result collection, dead letters, the outbox sweeper and the rejudge
 * runner. Built and started by {@link #start}: every part is made first and the three queue
 * consumers start last (then the rejudge runner), so no message arrives before everything that
 * handles it exists.
 */
public final class Dispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  private final Closer parts;
  private final OutboxSweeper sweeper;

  private final int adminPort;

  private Dispatcher(Closer parts, OutboxSweeper sweeper, int adminPort) {
    this.parts = parts;
    this.sweeper = sweeper;
    this.adminPort = adminPort;
  }

  /** The port of {@code /metrics} and {@code /healthz}. */
  public int adminPort() {
    return adminPort;
  }

  public static Dispatcher start(VerdictConfig config, Metrics observability) {
    MetricRegistry metrics = observability.registry();
    DispatcherConfig settings = config.dispatcher();
    Closer parts = new Closer("dispatcher");
    try {
      MongoClient mongo = parts.add(MongoConnections.open(config.mongo(), "verdict-dispatcher"));
      JedisPooled redis = parts.add(RedisConnections.open(config.redis()));
      Connection rabbit = RabbitConnections.open(config.rabbitmq(), "verdict-dispatcher");
      parts.add(() -> rabbit.close(5_000));

      MongoDatabase database = mongo.getDatabase(config.mongo().database());
      SubmissionStore submissions = new SubmissionStore(database, metrics);
      StatusStore status =
          new StatusStore(redis, config.namespace(), config.redis().statusTtlSeconds(), metrics);
      ProblemCache problems = new ProblemCache(new ProblemStore(database, metrics), 1_000);
      Topology topology = new Topology(config.namespace());
      topology.declare(rabbit, config.rabbitmq().taskDeliveryLimit());
      DependencyChecks.rabbitmq(observability.health(), rabbit);
      DependencyChecks.redis(observability.health(), redis);
      DependencyChecks.mongodb(observability.health(), database);
      QueueDepths.register(metrics, rabbit, topology);
      ConfirmingPublisher publisher =
          parts.add(
              new ConfirmingPublisher(
                  rabbit, Duration.ofMillis(config.rabbitmq().confirmTimeoutMs()), metrics));
      MessageCodec codec = new MessageCodec();
      RejudgeStore rejudges = new RejudgeStore(database, metrics);
      WebhookSender webhooks =
          parts.add(
              new WebhookSender(
                  config.webhooks(), submissions, new ProblemStore(database, metrics), metrics));
      Finalizer finalizer =
          new Finalizer(submissions, status, rejudges, metrics, webhooks::deliver);

      List<QueueConsumer<?>> consumers =
          List.of(
              parts.add(
                  new QueueConsumer<>(
                      rabbit,
                      topology.resultsQueue(),
                      settings.resultPrefetch(),
                      codec,
                      Message.class,
                      new ResultCollector(finalizer, database, metrics))),
              parts.add(
                  new QueueConsumer<>(
                      rabbit,
                      topology.deadLetterQueue(),
                      DeadLetterHandler.PREFETCH,
                      codec,
                      Message.class,
                      new DeadLetterHandler(topology, finalizer, publisher, metrics))),
              parts.add(
                  new QueueConsumer<>(
                      rabbit,
                      topology.submissionsQueue(),
                      settings.submissionPrefetch(),
                      codec,
                      SubmissionQueued.class,
                      new SubmissionIntake(
                          topology,
                          settings.bulkQueue(),
                          settings.testChunkSize(),
                          codec,
                          problems,
                          publisher,
                          finalizer,
                          metrics))));
      OutboxSweeper sweeper =
          parts.add(
              new OutboxSweeper(
                  submissions,
                  publisher,
                  topology,
                  codec,
                  settings.outboxSweepIntervalMs(),
                  settings.outboxGraceMs(),
                  metrics));
      AdminServer admin =
          parts.add(new AdminServer(settings.adminHost(), settings.adminPort(), observability));
      for (QueueConsumer<?> consumer : consumers) {
        consumer.start();
      }
      // why: added last, so closed first: a rejudge stops queueing before the publisher goes.
      parts
          .add(
              new RejudgeRunner(
                  rejudges,
                  submissions,
                  status,
                  publisher,
                  topology,
                  codec,
                  settings.rejudge(),
                  DispatcherIds.next(),
                  metrics))
          .start();
      LOG.info(
          "Dispatcher ready (namespace {}, admin port {}:{})",
          config.namespace(),
          settings.adminHost(),
          admin.port());
      return new Dispatcher(parts, sweeper, admin.port());
    } catch (IOException e) {
      parts.close();
      throw new UncheckedIOException("dispatcher start-up failed", e);
    } catch (RuntimeException e) {
      parts.close();
      throw e;
    }
  }

  /** Runs one outbox sweep now; returns how many submissions it published. */
  public int sweepOutbox() {
    return sweeper.sweep();
  }

  /**
   * Closes in reverse start order: consumers stop before the publisher and the connections they use
   * go away, so in-flight work is acknowledged or returned to its queue, never dropped.
   */
  @Override
  public void close() {
    parts.close();
  }
}
