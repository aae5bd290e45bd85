package dev.verdict.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.common.access.Role;
import dev.verdict.common.testing.EventStreamClient;
import dev.verdict.common.testing.EventStreamClient.Event;
import dev.verdict.common.testing.ServicesExtension;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A submitter follows its submission's grading by a real worker through {@code GET
 * /api/v1/submissions/{id}/events}: each test's result arrives while the submission is still
 * running, in test order, then the final result, then the stream ends.
 */
class EventStreamEndToEndIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perTest();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SUM_TESTS = 10;
  // why: a pause per test keeps the submission running long enough to see each event come before
  // the final result; it costs no CPU time, so the verdict stays ACCEPTED.
  private static final String SLOW_SUM =
      "import time\ntime.sleep(0.2)\na, b = map(int, input().split())\nprint(a + b)\n";

  @TempDir Path temp;
  private VerdictCluster cluster;

  @BeforeEach
  void start() {
    // why: one progress write per test, so each test is announced on its own.
    cluster = VerdictCluster.start(services, temp, List.of("worker.progressIntervalMs=0"));
  }

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  @Test
  void each_test_arrives_while_the_submission_runs_then_the_result_ends_the_stream() {
    String token = cluster.token("alice", Role.SUBMITTER);
    Http http = new Http(cluster.baseUrl(), token);
    Http.Answer created = http.submitPython(SLOW_SUM);
    assertThat(created.status()).isEqualTo(202);
    String id = created.body().get("id").asText();

    try (EventStreamClient events =
        EventStreamClient.open(
            URI.create(cluster.baseUrl() + "/api/v1/submissions/" + id + "/events"),
            Map.of("Authorization", "Bearer " + token))) {
      assertThat(events.status()).isEqualTo(200);
      Event event = events.next();
      while (event.name().equals("status")) {
        event = events.next();
      }
      // why: read while grading goes on: the first result came as its test finished.
      assertThat(http.get("/api/v1/submissions/" + id).body().get("status").asText())
          .isEqualTo("RUNNING");
      for (int number = 1; number <= SUM_TESTS; number++) {
        assertThat(event.name()).isEqualTo("test");
        assertThat(event.id()).isEqualTo(Integer.toString(number));
        JsonNode test = json(event.data());
        assertThat(test.get("index").asInt()).isEqualTo(number - 1);
        assertThat(test.get("verdict").asText()).isEqualTo("ACCEPTED");
        assertThat(test.get("name").asText())
            .isEqualTo(number == 1 ? "sample/1" : "secret #" + (number - 1));
        event = events.next();
      }
      assertThat(event.name()).isEqualTo("result");
      assertThat(event.id()).isEqualTo("done");
      JsonNode result = json(event.data());
      assertThat(result.get("verdict").asText()).isEqualTo("ACCEPTED");
      assertThat(result.get("tests")).hasSize(SUM_TESTS);
      assertThat(events.endsWithoutMoreEvents()).isTrue();
    }
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }
}
