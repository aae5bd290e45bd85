package dev.verdict.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.common.access.Role;
import dev.verdict.common.submission.SubmissionStore;
import dev.verdict.common.testing.EventStreamClient;
import dev.verdict.common.testing.EventStreamClient.Event;
import dev.verdict.common.testing.ServicesExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker and Redis go away under a running Verdict (API, dispatcher and worker) and come back:
 * on a RabbitMQ node and a Redis of this class's own, never the machine's shared ones. Each test
 * ends with every accepted submission DONE exactly once with the verdict its program deserves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreRestartsIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final ServicesExtension services = ServicesExtension.perClassOnPrivateServers();

  @TempDir static Path temp;
  private VerdictCluster cluster;
  private Http http;
  private String token;

  @BeforeAll
  void start() {
    cluster =
        VerdictCluster.start(
            services,
            temp,
            List.of(
                // why: a publish to a broker that is away fails within 2 s, so the API answers
                // (202 from the outbox, or 503) in bounded time.
                "rabbitmq.confirmTimeoutMs=2000",
                "dispatcher.outboxSweepIntervalMs=1000",
                "dispatcher.outboxGraceMs=3000",
                "api.publishedFlagIntervalMs=500",
                "worker.coreLeaseTtlMs=3000",
                "worker.cores=1"));
    token = cluster.token("store-restarts-staff", Role.STAFF);
    http = new Http(cluster.baseUrl(), token);
  }

  @AfterAll
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void a_broker_restart_while_submissions_flow_loses_no_accepted_submission() {
    Map<String, String> accepted = new LinkedHashMap<>();
    submitAll(accepted, 4);

    services.privateRabbit().stop();
    int refused = 0;
    for (int i = 0; i < 4; i++) {
      Program program = Program.of(i);
      long start = System.nanoTime();
      Http.Answer answer = submit(program);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("an answer while the broker is away comes in bounded time")
          .isLessThan(Duration.ofSeconds(30));
      assertThat(answer.status())
          .as("202 (stored, published later) or 503; %s", answer.body())
          .isIn(202, 503);
      if (answer.status() == 202) {
        accepted.put(answer.body().get("id").asText(), program.verdict());
      } else {
        refused++;
      }
    }
    services.privateRabbit().start();
    submitAll(accepted, 4);

    assertThat(accepted.size() + refused).isEqualTo(12);
    assertEveryOneGradedOnce(accepted, Duration.ofSeconds(150));
  }

  @Test
  void a_redis_restart_with_its_data_gone_loses_nothing_and_leases_and_events_come_back()
      throws Exception {
    Map<String, String> before = new LinkedHashMap<>();
    submitAll(before, 3);
    assertEveryOneGradedOnce(before, Duration.ofSeconds(90));
    Set<String> leases = leaseKeys();
    assertThat(leases).as("the worker's core lease").hasSize(1);
    String holder = services.redis().client().get(leases.iterator().next());

    services.privateRedis().stop();
    services.privateRedis().start();
    // why: the test's own pool still holds connections to the old Redis; each fails once.
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(services.redis().client().keys(cluster.config.namespace() + ":*"))
                    .as("the restarted Redis holds no status (a lease may be back already)")
                    .allMatch(key -> key.contains(":cores:")));

    // Finished submissions read back from MongoDB, with their verdicts.
    before.forEach(
        (id, verdict) -> {
          Http.Answer answer = http.get("/api/v1/submissions/" + id);
          assertThat(answer.status()).as(id).isEqualTo(200);
          assertThat(answer.body().get("status").asText()).as(id).isEqualTo("DONE");
          assertThat(answer.body().get("verdict").asText()).as(id).isEqualTo(verdict);
        });
    // The event stream of a submission finished before the restart still ends with its result.
    String finished = before.keySet().iterator().next();
    assertThat(resultEvent(finished).get("verdict").asText()).isEqualTo(before.get(finished));

    // The worker re-establishes its lease of the same core, and no second holder appears.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(() -> leaseKeys().equals(leases));
    assertThat(services.redis().client().get(leases.iterator().next())).isEqualTo(holder);

    // New submissions flow as before, long polls included.
    Map<String, String> after = new LinkedHashMap<>();
    submitAll(after, 3);
    after.forEach(
        (id, verdict) ->
            assertThat(http.awaitDone(id, Duration.ofSeconds(90)).get("verdict").asText())
                .as(id)
                .isEqualTo(verdict));
    assertEveryOneGradedOnce(after, Duration.ofSeconds(30));
    assertThat(leaseKeys()).isEqualTo(leases);

    // Live events flow again: a new submission's stream carries each test as it ends, then the
    // result.
    Http.Answer live = http.submitPython(Programs.PY_BUSY_SUM);
    assertThat(live.status()).isEqualTo(202);
    String liveId = live.body().get("id").asText();
    try (EventStreamClient events = events(liveId)) {
      Event event = events.next();
      while (event.name().equals("status")) {
        event = events.next();
      }
      int tests = 0;
      while (event.name().equals("test")) {
        tests++;
        event = events.next();
      }
      assertThat(event.name()).isEqualTo("result");
      assertThat(JSON.readTree(event.data()).get("verdict").asText()).isEqualTo("ACCEPTED");
      assertThat(tests).as("test events before the result").isPositive();
    }
  }

  private EventStreamClient events(String id) {
    EventStreamClient events =
        EventStreamClient.open(
            URI.create(cluster.baseUrl() + "/api/v1/submissions/" + id + "/events"),
            Map.of("Authorization", "Bearer " + token));
    assertThat(events.status()).isEqualTo(200);
    return events;
  }

  /** The data of the {@code result} event that ends submission {@code id}'s stream. */
  private JsonNode resultEvent(String id) {
    try (EventStreamClient events = events(id)) {
      Event event = events.next();
      while (!event.name().equals("result")) {
        event = events.next();
      }
      return JSON.readTree(event.data());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Set<String> leaseKeys() {
    return services.redis().client().keys(cluster.config.namespace() + ":cores:*");
  }

  private record Program(String source, String verdict) {
    static Program of(int i) {
      return i % 2 == 0
          ? new Program(Programs.PY_ACCEPTED, "ACCEPTED")
          : new Program(Programs.PY_WRONG, "WRONG_ANSWER");
    }
  }

  private Http.Answer submit(Program program) {
    return http.submitPython(program.source());
  }

  /** Submits {@code count} programs, each until it is accepted (a 503 says: retry later). */
  private void submitAll(Map<String, String> accepted, int count) {
    for (int i = 0; i < count; i++) {
      Program program = Program.of(i);
      Http.Answer[] answer = new Http.Answer[1];
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                answer[0] = submit(program);
                assertThat(answer[0].status()).as("%s", answer[0].body()).isIn(202, 503);
                return answer[0].status() == 202;
              });
      accepted.put(answer[0].body().get("id").asText(), program.verdict());
    }
  }

  private void assertEveryOneGradedOnce(Map<String, String> accepted, Duration atMost) {
    Graded.assertEveryOneDoneOnce(
        new SubmissionStore(cluster.database(), new MetricRegistry()), accepted, atMost);
    // why: MongoDB is written before Redis, so the live view may say DONE a moment later.
    accepted.forEach(
        (id, verdict) ->
            assertThat(http.awaitDone(id, Duration.ofSeconds(10)).get("verdict").asText())
                .as(id)
                .isEqualTo(verdict));
  }
}
