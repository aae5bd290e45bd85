package dev.verdict.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.verdict.common.broker.RabbitConnections;
import dev.verdict.common.broker.Topology;
import dev.verdict.common.config.RabbitConfig;
import dev.verdict.common.config.RedisConfig;
import dev.verdict.common.config.VerdictConfig;
import dev.verdict.common.redis.RedisConnections;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import redis.clients.jedis.JedisPooled;

/**
 * The fixtures themselves: each sample class below runs in a launcher of its own, writes to every
 * service, and records what it saw; the checks here run after it has finished, so they see what the
 * extensions left behind.
 */
class ServiceExtensionsIT {
  /** What the sample tests saw, in their order. */
  static final List<Seen> seen = new ArrayList<>();

  record Seen(String namespace, long documentsBefore, int keysBefore, boolean queueBefore) {}

  @Test
  void each_test_gets_a_namespace_of_its_own_that_starts_empty_and_is_removed_after_it() {
    TestExecutionSummary summary = runThenLook(PerTest.class);

    assertThat(failures(summary)).isEmpty();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(3);
    assertThat(seen).hasSize(2);
    assertThat(seen.get(0).namespace()).isNotEqualTo(seen.get(1).namespace());
    assertThat(seen)
        .allSatisfy(
            test -> {
              assertThat(test.documentsBefore()).isZero();
              assertThat(test.keysBefore()).isZero();
              assertThat(test.queueBefore()).isFalse();
            });
    seen.forEach(test -> assertRemoved(test.namespace()));
  }

  @Test
  void a_class_shares_one_namespace_between_its_tests_and_it_is_removed_after_the_class() {
    TestExecutionSummary summary = runThenLook(PerClass.class);

    assertThat(failures(summary)).isEmpty();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(3);
    assertThat(seen.get(0).namespace()).isEqualTo(seen.get(1).namespace());
    assertThat(seen.get(0).documentsBefore()).isZero();
    assertThat(seen.get(1).documentsBefore()).isEqualTo(1);
    assertThat(seen.get(1).keysBefore()).isEqualTo(1);
    assertThat(seen.get(1).queueBefore()).isTrue();
    assertRemoved(seen.get(0).namespace());
  }

  @Test
  void a_service_that_is_not_there_fails_the_class_and_skips_nothing() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    redisPort = closed;
    rabbitPort = closed;

    for (Class<?> sample : List.of(RedisNotThere.class, RabbitNotThere.class)) {
      TestExecutionSummary summary = run(sample);

      assertThat(summary.getTotalFailureCount()).as(sample.getSimpleName()).isEqualTo(1);
      assertThat(summary.getFailures().getFirst().getException())
          .hasMessageContaining(String.valueOf(closed));
      assertThat(summary.getTestsSucceededCount() + summary.getTestsSkippedCount()).isZero();
      assertThat(summary.getTestsAbortedCount()).isZero();
    }
  }

  /** Runs {@code sample}, then {@link Remains} in the same run, so on the same MongoDB stand-in. */
  private static TestExecutionSummary runThenLook(Class<?> sample) {
    return run(sample, Remains.class);
  }

  private static TestExecutionSummary run(Class<?>... classes) {
    seen.clear();
    databasesAfter.clear();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(Arrays.stream(classes).map(DiscoverySelectors::selectClass).toList())
                .configurationParameter(
                    "junit.jupiter.testclass.order.default",
                    "org.junit.jupiter.api.ClassOrderer$OrderAnnotation")
                .build(),
            listener);
    return listener.getSummary();
  }

  private static List<String> failures(TestExecutionSummary summary) {
    return summary.getFailures().stream()
        .map(failure -> failure.getException().toString())
        .toList();
  }

  private static void assertRemoved(String namespace) {
    assertThat(databasesAfter)
        .as("the stand-in's databases")
        .isNotEmpty()
        .doesNotContain(namespace);
    try (JedisPooled redis = RedisConnections.open(RedisConfig.defaults())) {
      assertThat(redis.keys(namespace + ":*")).isEmpty();
    }
    assertThat(queueExists(new Topology(namespace).submissionsQueue())).isFalse();
  }

  private static boolean queueExists(String queue) {
    try (Connection connection = RabbitConnections.open(RabbitConfig.defaults(), "verdict-test")) {
      Channel channel = connection.createChannel();
      try {
        channel.queueDeclarePassive(queue);
        return true;
      } catch (IOException notFound) {
        return false;
      } finally {
        channel.abort();
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The MongoDB databases {@link Remains} found. */
  static final List<String> databasesAfter = new ArrayList<>();

  static int redisPort;
  static int rabbitPort;

  /** Writes a document, a key and a message under its namespace, after noting what was there. */
  static void writeEverywhere(ServicesExtension services) throws IOException {
    VerdictConfig config = services.config();
    String namespace = services.namespace();
    assertThat(config.namespace()).isEqualTo(namespace);
    assertThat(config.mongo().database()).isEqualTo(namespace);
    Topology topology = services.rabbit().topology();
    seen.add(
        new Seen(
            namespace,
            services.mongo().database().getCollection("things").countDocuments(),
            services.redis().keys().size(),
            queueExists(topology.submissionsQueue())));
    services.mongo().database().getCollection("things").insertOne(new Document("n", 1));
    services.redis().client().set(namespace + ":thing", "1");
    topology.declare(services.rabbit().connection(), 3);
    try (Channel channel = services.rabbit().channel()) {
      channel.basicPublish(
          "", topology.submissionsQueue(), null, "thing".getBytes(StandardCharsets.UTF_8));
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Two tests that each write to every service, in this order. */
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  abstract static class Sample {
    abstract ServicesExtension services();

    @Test
    @Order(1)
    void first() throws IOException {
      writeEverywhere(services());
    }

    @Test
    @Order(2)
    void second() throws IOException {
      writeEverywhere(services());
    }
  }

  @Order(1)
  static class PerTest extends Sample {
    @RegisterExtension static final ServicesExtension services = ServicesExtension.perTest();

    @Override
    ServicesExtension services() {
      return services;
    }
  }

  @Order(1)
  static class PerClass extends Sample {
    @RegisterExtension static final ServicesExtension services = ServicesExtension.perClass();

    @Override
    ServicesExtension services() {
      return services;
    }
  }

  /** Runs after a sample and notes the databases the stand-in still holds. */
  @Order(2)
  static class Remains {
    @RegisterExtension static final MongoExtension mongo = MongoExtension.perTest();

    @Test
    void note_the_databases() {
      // why: a database is listed once it holds something; this one shows the list is complete.
      mongo.database().getCollection("marker").insertOne(new Document());
      mongo.client().listDatabaseNames().forEach(databasesAfter::add);
    }
  }

  static class RedisNotThere {
    @RegisterExtension
    static final RedisExtension redis =
        RedisExtension.perClass().at(new RedisConfig(null, redisPort, null, null, null, null));

    @Test
    void never_runs() {}
  }

  static class RabbitNotThere {
    @RegisterExtension
    static final RabbitExtension rabbit =
        RabbitExtension.perClass()
            .at(new RabbitConfig(null, rabbitPort, null, null, null, null, null, null, null));

    @Test
    void never_runs() {}
  }
}
