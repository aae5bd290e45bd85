package dev.verdict.api.rejudge;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.api.testing.Results;
import dev.verdict.api.testing.RunningApi;
import dev.verdict.common.access.Role;
import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.TestResult;
import dev.verdict.common.message.Verdict;
import dev.verdict.common.status.StatusStore;
import dev.verdict.common.submission.Submission;
import dev.verdict.common.submission.SubmissionStore;
import dev.verdict.common.testing.ServicesExtension;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Rejudging through the API, without a dispatcher: staff ask for it and follow it (202, then GET);
 * submitters may not (403); every bad request is a 400 naming its field, and stores nothing. A
 * rejudged submission shows its current grading in its fields and every grading in its {@code
 * history}, from Redis and from MongoDB alike.
 */
class RejudgeApiIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perTest();
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunningApi api;
  private String alice;
  private String staff;
  private String id;

  @BeforeEach
  void submitAndGrade() throws Exception {
    api = RunningApi.start(services);
    alice = api.token("alice", Role.SUBMITTER);
    staff = api.token("lab-staff", Role.STAFF);
    HttpResponse<String> response =
        api.post("/api/v1/submissions", alice, RunningApi.sumInPython());
    assertThat(response.statusCode()).isEqualTo(202);
    id = JSON.readTree(response.body()).get("id").asText();
    Results.finish(api, id, Results.wrongAnswer());
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void staff_rejudge_one_submission_and_follow_the_rejudge() throws Exception {
    HttpResponse<String> created =
        api.post("/api/v1/submissions/" + id + "/rejudge", staff, "{\"version\": \"newest\"}");

    assertThat(created.statusCode()).isEqualTo(202);
    JsonNode rejudge = JSON.readTree(created.body());
    String rejudgeId = rejudge.get("id").asText();
    assertThat(rejudgeId).startsWith("rj_");
    assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/rejudges/" + rejudgeId);
    assertThat(rejudge.get("status").asText()).isEqualTo("QUEUED");
    assertThat(rejudge.get("submissions").get(0).asText()).isEqualTo(id);
    assertThat(rejudge.get("version").asText()).isEqualTo("newest");
    assertThat(rejudge.get("problemVersions").has("sum")).isTrue();
    assertThat(rejudge.get("requestedBy").asText()).isEqualTo("lab-staff");

    JsonNode read = json(api.get("/api/v1/rejudges/" + rejudgeId, staff), 200);
    assertThat(read).isEqualTo(rejudge);
    JsonNode listed = json(api.get("/api/v1/rejudges?limit=5", staff), 200);
    assertThat(listed.get("rejudges").get(0).get("id").asText()).isEqualTo(rejudgeId);

    HttpResponse<String> problem =
        api.post(
            "/api/v1/rejudges", staff, "{\"problem\": \"sum\", \"verdict\": \"WRONG_ANSWER\"}");
    assertThat(problem.statusCode()).isEqualTo(202);
    JsonNode byProblem = JSON.readTree(problem.body());
    assertThat(byProblem.get("problem").asText()).isEqualTo("sum");
    assertThat(byProblem.get("verdict").asText()).isEqualTo("WRONG_ANSWER");
    assertThat(byProblem.get("version").asText()).isEqualTo("same");
    assertThat(
            api.post("/api/v1/rejudges", staff, "{\"submissions\": [\"" + id + "\"]}").statusCode())
        .isEqualTo(202);
    assertThat(rejudges()).isEqualTo(3);
  }

  @Test
  void a_submitter_may_not_rejudge_nor_see_rejudges() throws Exception {
    String rejudgeId =
        JSON.readTree(api.post("/api/v1/submissions/" + id + "/rejudge", staff, "").body())
            .get("id")
            .asText();

    assertThat(api.post("/api/v1/submissions/" + id + "/rejudge", alice, "").statusCode())
        .isEqualTo(403);
    assertThat(api.post("/api/v1/rejudges", alice, "{\"problem\": \"sum\"}").statusCode())
        .isEqualTo(403);
    assertThat(api.get("/api/v1/rejudges/" + rejudgeId, alice).statusCode()).isEqualTo(403);
    assertThat(api.get("/api/v1/rejudges", alice).statusCode()).isEqualTo(403);
    assertThat(api.post("/api/v1/submissions/" + id + "/rejudge", null, "").statusCode())
        .isEqualTo(401);
    assertThat(rejudges()).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{} | problem",
        "{\"problem\": \"sum\", \"submissions\": [\"x\"]} | submissions",
        "{\"problem\": 7} | problem",
        "{\"problem\": \"no-such-problem\"} | problem",
        "{\"problem\": \"sum\", \"verdict\": \"NOPE\"} | verdict",
        "{\"problem\": \"sum\", \"version\": \"oldest\"} | version",
        "{\"problem\": \"sum\", \"force\": true} | force",
        "{\"submissions\": []} | submissions",
        "{\"submissions\": \"abc\"} | submissions",
        "{\"submissions\": [\"SELF\", \"no-such-id\"]} | submissions[1]",
        "{\"submissions\": [\"SELF\", 3]} | submissions[1]",
        "{\"submissions\": [\"SELF\"], \"verdict\": \"ACCEPTED\"} | verdict",
        "[1] | body"
      })
  void a_bad_rejudge_request_is_a_400_naming_its_field_and_stores_nothing(String body, String field)
      throws Exception {
    JsonNode error = json(api.post("/api/v1/rejudges", staff, body.replace("SELF", id)), 400);

    assertThat(error.get("field").asText()).isEqualTo(field);
    assertThat(rejudges()).isZero();
  }

  @Test
  void rejudging_an_unknown_or_unfinished_submission_is_refused_and_stores_nothing()
      throws Exception {
    assertThat(
            json(api.post("/api/v1/submissions/no-such-id/rejudge", staff, "{}"), 404)
                .get("field")
                .asText())
        .isEqualTo("id");
    String queued =
        JSON.readTree(api.post("/api/v1/submissions", alice, RunningApi.sumInPython()).body())
            .get("id")
            .asText();
    assertThat(
            json(api.post("/api/v1/submissions/" + queued + "/rejudge", staff, "{}"), 409)
                .get("field")
                .asText())
        .isEqualTo("id");
    assertThat(
            json(api.post("/api/v1/submissions/" + id + "/rejudge", staff, "{\"x\": 1}"), 400)
                .get("field")
                .asText())
        .isEqualTo("x");
    assertThat(json(api.get("/api/v1/rejudges/rj_0000", staff), 404).get("field").asText())
        .isEqualTo("id");
    assertThat(rejudges()).isZero();
  }

  @Test
  void a_rejudged_submission_shows_its_current_grading_and_every_grading_in_its_history()
      throws Exception {
    SubmissionStore submissions = new SubmissionStore(api.database(), new MetricRegistry());
    StatusStore status =
        new StatusStore(
            api.redis(),
            api.config.namespace(),
            api.config.redis().statusTtlSeconds(),
            new MetricRegistry());
    // why: what the dispatcher does for a rejudge and its new grading's result.
    Submission requeued = submissions.requeue(id, null, "rj_1", 5_000).orElseThrow();
    status.requeued(requeued);
    JsonNode waiting = json(api.get("/api/v1/submissions/" + id, alice), 200);
    assertThat(waiting.get("status").asText()).isEqualTo("QUEUED");
    assertThat(waiting.has("verdict")).isFalse();
    assertThat(waiting.get("revision").asText()).isEqualTo("QUEUED:0.2");
    assertThat(waiting.get("history")).hasSize(2);
    assertThat(waiting.get("history").get(0).get("verdict").asText()).isEqualTo("WRONG_ANSWER");
    assertThat(waiting.get("history").get(1).get("status").asText()).isEqualTo("QUEUED");

    GradingOutcome accepted =
        GradingOutcome.fromTests(
            List.of(new TestResult("sample/1", Verdict.ACCEPTED, 1, 1, 2, 1024, 0, null, null)),
            4,
            "",
            "w",
            6_000,
            7_000);
    Submission done = submissions.finish(id, 2, accepted, 7_000).orElseThrow();
    status.done(
        id,
        done.problemId(),
        done.problemVersion(),
        done.language(),
        done.createdAt(),
        2,
        accepted,
        7_000);

    JsonNode live = json(api.get("/api/v1/submissions/" + id, alice), 200);
    Results.forgetLive(api, id);
    JsonNode stored = json(api.get("/api/v1/submissions/" + id, alice), 200);
    for (JsonNode view : List.of(live, stored)) {
      assertThat(view.get("status").asText()).isEqualTo("DONE");
      assertThat(view.get("verdict").asText()).isEqualTo("ACCEPTED");
      assertThat(view.get("grading").asInt()).isEqualTo(2);
      assertThat(view.get("problemVersion").asText()).isEqualTo(done.problemVersion());
      assertThat(view.get("revision").asText()).isEqualTo("DONE:1.2");
      JsonNode history = view.get("history");
      assertThat(history).hasSize(2);
      assertThat(history.get(0).get("grading").asInt()).isEqualTo(1);
      assertThat(history.get(0).get("verdict").asText()).isEqualTo("WRONG_ANSWER");
      assertThat(history.get(0).get("problemVersion").asText()).isEqualTo(done.problemVersion());
      assertThat(history.get(0).has("rejudge")).isFalse();
      assertThat(history.get(1).get("grading").asInt()).isEqualTo(2);
      assertThat(history.get(1).get("verdict").asText()).isEqualTo("ACCEPTED");
      assertThat(history.get(1).get("rejudge").asText()).isEqualTo("rj_1");
      assertThat(history.get(1).get("status").asText()).isEqualTo("DONE");
    }
    assertThat(live.get("history")).isEqualTo(stored.get("history"));
  }

  private long rejudges() {
    return api.database().getCollection("rejudges").countDocuments();
  }

  private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return JSON.readTree(response.body());
  }
}
