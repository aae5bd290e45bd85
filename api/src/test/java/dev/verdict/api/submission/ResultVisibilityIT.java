package dev.verdict.api.submission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.api.testing.Results;
import dev.verdict.api.testing.RunningApi;
import dev.verdict.common.access.Role;
import dev.verdict.common.testing.ServicesExtension;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A wrong answer on a secret test shows its submitter the verdict and resources only, never the
 * checker's message (which quotes the expected answer), in every way a result leaves the API: a GET
 * from Redis, a GET from MongoDB, the list, and a long poll. Staff see all of it.
 */
class ResultVisibilityIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perTest();

  private static final ObjectMapper JSON = new ObjectMapper();

  private RunningApi api;
  private String alice;
  private String staff;
  private String id;

  @BeforeEach
  void submit() throws Exception {
    api = RunningApi.start(services);
    alice = api.token("alice", Role.SUBMITTER);
    staff = api.token("lab-staff", Role.STAFF);
    HttpResponse<String> response =
        api.post("/api/v1/submissions", alice, RunningApi.sumInPython());
    assertThat(response.statusCode()).isEqualTo(202);
    id = JSON.readTree(response.body()).get("id").asText();
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
  }

  @Test
  void a_get_from_the_live_status_hides_secret_details_from_the_submitter() throws Exception {
    Results.finish(api, id, Results.wrongAnswer());

    assertSubmitterView(json(api.get("/api/v1/submissions/" + id, alice)));
    assertStaffView(json(api.get("/api/v1/submissions/" + id, staff)));
  }

  @Test
  void a_get_from_mongodb_hides_secret_details_from_the_submitter() throws Exception {
    Results.finish(api, id, Results.wrongAnswer());
    Results.forgetLive(api, id);

    assertSubmitterView(json(api.get("/api/v1/submissions/" + id, alice)));
    assertStaffView(json(api.get("/api/v1/submissions/" + id, staff)));
  }

  @Test
  void the_list_hides_secret_details_from_the_submitter() throws Exception {
    Results.finish(api, id, Results.wrongAnswer());

    JsonNode mine = json(api.get("/api/v1/submissions", alice)).get("submissions");
    JsonNode all = json(api.get("/api/v1/submissions?user=alice", staff)).get("submissions");

    assertThat(mine).hasSize(1);
    assertSubmitterView(mine.get(0));
    assertStaffView(all.get(0));
  }

  @Test
  void a_long_poll_woken_by_the_result_hides_secret_details_from_the_submitter() throws Exception {
    CompletableFuture<HttpResponse<String>> polling =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return api.get("/api/v1/submissions/" + id + "?until=done&waitMs=20000", alice);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    // why: whether the poll is woken by the result or finds it already there, its answer must
    // pass the same rule; usually it is already waiting.
    Results.finish(api, id, Results.wrongAnswer());

    JsonNode answer = json(polling.get(25, TimeUnit.SECONDS));

    assertThat(answer.get("status").asText()).isEqualTo("DONE");
    assertSubmitterView(answer);
  }

  @Test
  void a_problem_may_name_its_first_failing_secret_test_to_the_submitter_and_nothing_more()
      throws Exception {
    HttpResponse<String> set =
        api.patch("/api/v1/problems/sum", staff, "{\"revealFirstFailingTest\": true}");
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    assertThat(JSON.readTree(set.body()).get("revealFirstFailingTest").asBoolean()).isTrue();
    Results.finish(api, id, Results.wrongAnswer());

    JsonNode live = json(api.get("/api/v1/submissions/" + id, alice));
    JsonNode listed = json(api.get("/api/v1/submissions", alice)).get("submissions").get(0);
    Results.forgetLive(api, id);
    JsonNode stored = json(api.get("/api/v1/submissions/" + id, alice));

    for (JsonNode view : java.util.List.of(live, listed, stored)) {
      JsonNode tests = view.get("tests");
      assertThat(tests.get(2).get("name").asText())
          .as("a passed secret test")
          .isEqualTo("secret #1");
      assertThat(tests.get(3).get("name").asText()).isEqualTo("secret/2-negative");
      assertThat(view.toString()).doesNotContain(Results.SECRET_MESSAGE);
      assertThat(tests.get(3).has("stdout")).isFalse();
    }
  }

  @Test
  void only_staff_change_a_problems_settings_and_a_bad_setting_is_refused_by_name()
      throws Exception {
    assertThat(
            api.patch("/api/v1/problems/sum", alice, "{\"revealFirstFailingTest\": true}")
                .statusCode())
        .isEqualTo(403);
    HttpResponse<String> unknown =
        api.patch("/api/v1/problems/sum", staff, "{\"revealEverything\": true}");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("revealEverything");
    HttpResponse<String> notBoolean =
        api.patch("/api/v1/problems/sum", staff, "{\"revealFirstFailingTest\": \"yes\"}");
    assertThat(notBoolean.statusCode()).isEqualTo(400);
    assertThat(notBoolean.body()).contains("revealFirstFailingTest");
    assertThat(
            api.patch("/api/v1/problems/nosuch", staff, "{\"revealFirstFailingTest\": true}")
                .statusCode())
        .isEqualTo(404);
    JsonNode versions = json(api.get("/api/v1/problems/sum/versions", staff));
    assertThat(versions.get("revealFirstFailingTest").asBoolean()).isFalse();
  }

  private static void assertSubmitterView(JsonNode view) {
    String text = view.toString();
    assertThat(view.get("verdict").asText()).isEqualTo("WRONG_ANSWER");
    assertThat(text).doesNotContain(Results.SECRET_MESSAGE).doesNotContain("2-negative");
    JsonNode tests = view.get("tests");
    assertThat(tests).hasSize(4);
    assertThat(tests.get(1).get("checkerMessage").asText()).isEqualTo(Results.SAMPLE_MESSAGE);
    assertThat(tests.get(1).get("stdout").asText()).isEqualTo("stdout of sample/2");
    assertThat(tests.get(1).get("stderr").asText()).isEqualTo("stderr of sample/2");
    JsonNode secret = tests.get(3);
    assertThat(secret.get("verdict").asText()).isEqualTo("WRONG_ANSWER");
    assertThat(secret.get("cpuTimeMs").asDouble()).isEqualTo(12.5);
    assertThat(secret.get("memoryKb").asLong()).isEqualTo(4096);
    assertThat(secret.has("checkerMessage")).isFalse();
    assertThat(secret.has("exitCode")).isFalse();
    assertThat(secret.has("stdout")).isFalse();
    assertThat(secret.has("stderr")).isFalse();
    assertThat(view.get("compileOutput").asText()).isEqualTo("warning: unused variable");
  }

  private static void assertStaffView(JsonNode view) {
    assertThat(view.get("tests").get(3).get("checkerMessage").asText())
        .isEqualTo(Results.SECRET_MESSAGE);
    assertThat(view.get("tests").get(3).get("name").asText()).isEqualTo("secret/2-negative");
    assertThat(view.get("tests").get(3).get("stdout").asText())
        .isEqualTo("stdout of secret/2-negative");
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
