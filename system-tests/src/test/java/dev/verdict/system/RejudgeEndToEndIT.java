package dev.verdict.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.common.access.Role;
import dev.verdict.common.testing.ServicesExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rejudge through the whole system, with a real worker and sandbox: submissions graded once are
 * graded again on staff's request, the rejudge reports its progress until DONE, and each submission
 * then shows its new grading and both gradings in its history.
 */
class RejudgeEndToEndIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perTest();
  @TempDir Path temp;
  private VerdictCluster cluster;
  private Http staff;

  @BeforeEach
  void start() {
    cluster = VerdictCluster.start(services, temp, List.of("dispatcher.rejudge.pollMs=100"));
    staff = new Http(cluster.baseUrl(), cluster.token("rejudge-staff", Role.STAFF));
  }

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  @Test
  void a_problems_wrong_answers_are_graded_again_and_keep_their_first_grading() {
    List<String> wrong = new ArrayList<>();
    List<String> accepted = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      wrong.add(submit(Programs.PY_WRONG));
      accepted.add(submit(Programs.PY_ACCEPTED));
    }
    for (String id : wrong) {
      assertThat(awaitDone(id).get("verdict").asText()).isEqualTo("WRONG_ANSWER");
    }
    for (String id : accepted) {
      assertThat(awaitDone(id).get("verdict").asText()).isEqualTo("ACCEPTED");
    }

    Http.Answer created =
        staff.post(
            "/api/v1/rejudges",
            Map.of("problem", "sum", "verdict", "WRONG_ANSWER", "version", "newest"));
    assertThat(created.status()).isEqualTo(202);
    String rejudge = created.body().get("id").asText();
    JsonNode[] progress = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              progress[0] = staff.get("/api/v1/rejudges/" + rejudge).body();
              assertThat(progress[0].get("status").asText()).isEqualTo("DONE");
            });

    assertThat(progress[0].get("selected").asLong()).isEqualTo(3);
    assertThat(progress[0].get("requeued").asLong()).isEqualTo(3);
    assertThat(progress[0].get("finished").asLong()).isEqualTo(3);
    assertThat(progress[0].get("changed").asLong()).isZero();
    for (String id : wrong) {
      JsonNode again = awaitDone(id);
      assertThat(again.get("grading").asInt()).isEqualTo(2);
      assertThat(again.get("verdict").asText()).isEqualTo("WRONG_ANSWER");
      assertThat(again.get("history")).hasSize(2);
      assertThat(again.get("history").get(0).get("verdict").asText()).isEqualTo("WRONG_ANSWER");
      assertThat(again.get("history").get(1).get("rejudge").asText()).isEqualTo(rejudge);
    }
    for (String id : accepted) {
      assertThat(awaitDone(id).get("grading").asInt()).isEqualTo(1);
    }
  }

  private String submit(String source) {
    Http.Answer answer = staff.submitPython(source);
    assertThat(answer.status()).isEqualTo(202);
    return answer.body().get("id").asText();
  }

  private JsonNode awaitDone(String id) {
    Http.Answer answer = staff.get("/api/v1/submissions/" + id + "?until=done&waitMs=30000");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().get("status").asText()).as(id).isEqualTo("DONE");
    return answer.body();
  }
}
