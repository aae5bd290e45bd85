package dev.verdict.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.common.access.Role;
import dev.verdict.common.testing.ServicesExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interactive submissions go before bulk work, through the whole system on one grader slot: one
 * submitted behind a large batch, and one submitted behind a large rejudge, each finishes before
 * most of the bulk work queued ahead of it. With one first-come-first-served queue each would
 * finish last.
 */
class PrioritiesEndToEndIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perTest();
  private static final int BULK = 12;
  // why: one slot makes the order of gradings the order the slot chose; bulk work is queued at
  // once, however large.
  private static final List<String> SETTINGS =
      List.of(
          "worker.cores=1",
          "dispatcher.rejudge.pollMs=50",
          "dispatcher.rejudge.perSecond=10000",
          "dispatcher.rejudge.maxInFlight=10000");

  @TempDir Path temp;
  private VerdictCluster cluster;
  private Http staff;

  @BeforeEach
  void start() {
    cluster = VerdictCluster.start(services, temp, SETTINGS);
    staff = new Http(cluster.baseUrl(), cluster.token("priorities-staff", Role.STAFF));
  }

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  @Test
  void an_interactive_submission_overtakes_a_batch_and_a_rejudge_queued_before_it() {
    Map<String, Object> item = Http.pythonSubmission(Programs.PY_ACCEPTED);
    List<Map<String, Object>> items = new ArrayList<>();
    for (int i = 0; i < BULK; i++) {
      items.add(item);
    }
    Http.Answer batch = staff.post("/api/v1/submissions/batch", Map.of("submissions", items));
    assertThat(batch.status()).isEqualTo(200);
    List<String> bulk = new ArrayList<>();
    batch.body().get("submissions").forEach(accepted -> bulk.add(accepted.get("id").asText()));
    assertThat(bulk).hasSize(BULK);

    String behindBatch = submit();
    assertOvertook(behindBatch, bulk);

    Http.Answer created = staff.post("/api/v1/rejudges", Map.of("submissions", bulk));
    assertThat(created.status()).isEqualTo(202);
    String rejudge = created.body().get("id").asText();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> staff.get("/api/v1/rejudges/" + rejudge).body().get("requeued").asLong(),
            requeued -> requeued == BULK);

    String behindRejudge = submit();
    assertOvertook(behindRejudge, bulk);
  }

  /**
   * Waits for {@code interactive} and for every bulk submission's current grading, and checks that
   * most of the bulk ones finished after the interactive one.
   */
  private void assertOvertook(String interactive, List<String> bulk) {
    Instant interactiveDone = finishedAt(awaitDone(interactive));
    List<Instant> bulkDone = new ArrayList<>();
    for (String id : bulk) {
      bulkDone.add(finishedAt(awaitDone(id)));
    }
    long after = bulkDone.stream().filter(done -> done.isAfter(interactiveDone)).count();
    assertThat(after)
        .as("bulk gradings finished after the interactive one (%s): %s", interactiveDone, bulkDone)
        .isGreaterThanOrEqualTo(BULK / 2);
  }

  private String submit() {
    Http.Answer answer = staff.submitPython(Programs.PY_ACCEPTED);
    assertThat(answer.status()).isEqualTo(202);
    return answer.body().get("id").asText();
  }

  private JsonNode awaitDone(String id) {
    JsonNode[] done = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(120))
        .untilAsserted(
            () -> {
              Http.Answer answer =
                  staff.get("/api/v1/submissions/" + id + "?until=done&waitMs=10000");
              assertThat(answer.body().get("status").asText()).as(id).isEqualTo("DONE");
              done[0] = answer.body();
            });
    return done[0];
  }

  private static Instant finishedAt(JsonNode submission) {
    return Instant.parse(submission.get("finishedAt").asText());
  }
}
