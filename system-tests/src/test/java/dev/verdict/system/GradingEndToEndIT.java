package dev.verdict.system;

import static dev.verdict.common.submission.SubmissionState.DONE;
import static dev.verdict.common.submission.SubmissionState.QUEUED;
import static dev.verdict.common.submission.SubmissionState.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.common.access.Role;
import dev.verdict.common.submission.StateChange;
import dev.verdict.common.submission.Submission;
import dev.verdict.common.submission.SubmissionStore;
import dev.verdict.common.testing.ServicesExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Submits, over HTTP, an accepted, a wrong, a too-slow, a crashing, a memory-hungry and a
 * non-compiling solution (for Python: a syntax error) of the {@code sum} problem in each of
 * python3, c, cpp and java, and checks every verdict and the per-test details.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GradingEndToEndIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perClass();

  @TempDir static Path temp;
  private VerdictCluster cluster;
  private Http http;

  private record Case(String language, String file, String source, String verdict) {}

  private static final List<Case> CASES =
      List.of(
          new Case("python3", "main.py", Programs.PY_ACCEPTED, "ACCEPTED"),
          new Case("python3", "main.py", Programs.PY_WRONG, "WRONG_ANSWER"),
          new Case("python3", "main.py", Programs.PY_SLOW, "TIME_LIMIT_EXCEEDED"),
          new Case("python3", "main.py", Programs.PY_CRASH, "RUNTIME_ERROR"),
          new Case("python3", "main.py", Programs.PY_MEMORY, "MEMORY_LIMIT_EXCEEDED"),
          new Case("python3", "main.py", "print(int(input()) +\n", "COMPILATION_ERROR"),
          new Case("javascript", "main.js", "console.log(1 +;\n", "COMPILATION_ERROR"),
          new Case("bash", "main.sh", "if true; then echo 3\n", "COMPILATION_ERROR"),
          new Case("c", "main.c", Programs.C_ACCEPTED, "ACCEPTED"),
          new Case("c", "main.c", Programs.C_WRONG, "WRONG_ANSWER"),
          new Case("c", "main.c", Programs.C_SLOW, "TIME_LIMIT_EXCEEDED"),
          new Case("c", "main.c", Programs.C_BROKEN, "COMPILATION_ERROR"),
          new Case("c", "main.c", Programs.C_CRASH, "RUNTIME_ERROR"),
          new Case("c", "main.c", Programs.C_MEMORY, "MEMORY_LIMIT_EXCEEDED"),
          new Case("cpp", "main.cpp", Programs.CPP_ACCEPTED, "ACCEPTED"),
          new Case("cpp", "sum.c++", Programs.CPP_ACCEPTED, "ACCEPTED"),
          new Case("cpp", "sum.C", Programs.CPP_ACCEPTED, "ACCEPTED"),
          new Case("cpp", "main.cpp", Programs.CPP_WRONG, "WRONG_ANSWER"),
          new Case("cpp", "main.cpp", Programs.CPP_SLOW, "TIME_LIMIT_EXCEEDED"),
          new Case("cpp", "main.cpp", Programs.CPP_BROKEN, "COMPILATION_ERROR"),
          new Case("cpp", "main.cpp", Programs.CPP_CRASH, "RUNTIME_ERROR"),
          new Case("cpp", "main.cpp", Programs.CPP_MEMORY, "MEMORY_LIMIT_EXCEEDED"),
          new Case("java", "Main.java", Programs.JAVA_ACCEPTED, "ACCEPTED"),
          new Case("java", "solution.java", Programs.JAVA_ACCEPTED_OTHER_CLASS, "ACCEPTED"),
          new Case("java", "Main.java", Programs.JAVA_WRONG, "WRONG_ANSWER"),
          new Case("java", "Main.java", Programs.JAVA_SLOW, "TIME_LIMIT_EXCEEDED"),
          new Case("java", "Main.java", Programs.JAVA_BROKEN, "COMPILATION_ERROR"),
          new Case("java", "Main.java", Programs.JAVA_CRASH, "RUNTIME_ERROR"),
          new Case("java", "Main.java", Programs.JAVA_MEMORY, "MEMORY_LIMIT_EXCEEDED"));

  private final Map<Case, String> ids = new LinkedHashMap<>();

  /** Configuration overrides of the cluster under test; none: the defaults. */
  protected List<String> settings() {
    return List.of();
  }

  @BeforeAll
  void startAndSubmitEverything() {
    cluster = VerdictCluster.start(services, temp, settings());
    http = new Http(cluster.baseUrl(), cluster.token("grading-it-staff", Role.STAFF));
    for (Case c : CASES) {
      Http.Answer answer =
          http.post(
              "/api/v1/submissions",
              Map.of(
                  "problem", "sum",
                  "language", c.language(),
                  "files", List.of(Map.of("name", c.file(), "content", c.source()))));
      assertThat(answer.status()).as("POST %s", c).isEqualTo(202);
      assertThat(answer.body().get("status").asText()).isEqualTo("QUEUED");
      ids.put(c, answer.body().get("id").asText());
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private JsonNode awaitDone(String id) {
    JsonNode[] done = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(150))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              Http.Answer answer = http.get("/api/v1/submissions/" + id);
              assertThat(answer.status()).isEqualTo(200);
              assertThat(answer.body().get("status").asText()).isEqualTo("DONE");
              done[0] = answer.body();
            });
    return done[0];
  }

  @Test
  void every_solution_gets_the_verdict_it_deserves() {
    Map<String, String> expected = new LinkedHashMap<>();
    Map<String, String> actual = new LinkedHashMap<>();
    StringBuilder details = new StringBuilder();
    for (var entry : ids.entrySet()) {
      Case c = entry.getKey();
      String label = c.language() + " " + c.file() + " expecting " + c.verdict();
      JsonNode result = awaitDone(entry.getValue());
      expected.put(label, c.verdict());
      actual.put(label, result.get("verdict").asText());
      if (!c.verdict().equals(result.get("verdict").asText())) {
        details.append(label).append(": ").append(result).append('\n');
      }
    }
    assertThat(actual).as(details.toString()).isEqualTo(expected);
  }

  @Test
  void an_accepted_submission_reports_every_test_with_its_measurements() {
    for (var entry : ids.entrySet()) {
      if (!entry.getKey().verdict().equals("ACCEPTED")) {
        continue;
      }
      JsonNode result = awaitDone(entry.getValue());
      assertThat(result.get("score").asInt()).isEqualTo(10);
      assertThat(result.get("maxScore").asInt()).isEqualTo(10);
      assertThat(result.get("tests")).hasSize(10);
      for (JsonNode test : result.get("tests")) {
        assertThat(test.get("verdict").asText()).isEqualTo("ACCEPTED");
        assertThat(test.get("cpuTimeMs").asDouble()).isPositive();
        assertThat(test.get("wallTimeMs").asDouble()).isPositive();
        assertThat(test.get("memoryKb").asLong()).isPositive();
      }
      assertThat(result.get("tests").get(0).get("name").asText()).isEqualTo("sample/1");
    }
  }

  @Test
  void a_failing_submission_stops_at_its_first_failed_test_and_scores_nothing() {
    for (var entry : ids.entrySet()) {
      if (entry.getKey().verdict().equals("ACCEPTED")) {
        continue;
      }
      JsonNode result = awaitDone(entry.getValue());
      assertThat(result.get("score").asInt()).as(entry.getKey().toString()).isZero();
      assertThat(result.get("maxScore").asInt()).isEqualTo(10);
      if (entry.getKey().verdict().equals("COMPILATION_ERROR")) {
        assertThat(result.get("compileOutput").asText()).isNotBlank();
        assertThat(result.get("tests")).isEmpty();
      } else {
        assertThat(result.get("tests")).hasSize(1);
        assertThat(result.get("tests").get(0).get("verdict").asText())
            .isEqualTo(entry.getKey().verdict());
      }
    }
  }

  @Test
  void a_stored_submission_went_through_queued_running_and_done() {
    String id = ids.get(CASES.get(0));
    awaitDone(id);
    SubmissionStore store = new SubmissionStore(cluster.database(), new MetricRegistry());
    Submission stored = store.find(id).orElseThrow();
    assertThat(stored.history().stream().map(StateChange::state))
        .containsExactly(QUEUED, RUNNING, DONE);
    assertThat(stored.result().verdict().name()).isEqualTo("ACCEPTED");
    assertThat(stored.published()).isTrue();
  }

  @Test
  void a_slow_submission_is_recorded_running_by_its_slot_before_its_result_is_recorded() {
    String id = ids.get(new Case("python3", "main.py", Programs.PY_SLOW, "TIME_LIMIT_EXCEEDED"));
    awaitDone(id);
    Submission stored =
        new SubmissionStore(cluster.database(), new MetricRegistry()).find(id).orElseThrow();
    assertThat(stored.history().stream().map(StateChange::state))
        .containsExactly(QUEUED, RUNNING, DONE);
    assertThat(stored.version())
        .as("two saves: the slot's RUNNING, then the dispatcher's DONE")
        .isEqualTo(2);
  }

  @Test
  void a_submission_stored_but_never_published_is_published_by_the_outbox_sweep_and_graded() {
    Case accepted = CASES.get(0);
    awaitDone(ids.get(accepted));
    SubmissionStore store = new SubmissionStore(cluster.database(), new MetricRegistry());
    Submission original = store.find(ids.get(accepted)).orElseThrow();
    String id = "01900000-0000-7000-8000-00000000c0de";
    // As the API leaves a submission whose publish was never confirmed: stored, in the outbox,
    // older than the sweeper's grace period.
    store.insert(
        Submission.queued(
            id,
            original.problemId(),
            original.problemVersion(),
            original.language(),
            original.files(),
            System.currentTimeMillis() - 120_000));

    assertThat(cluster.dispatcher.sweepOutbox()).isEqualTo(1);
    JsonNode result = awaitDone(id);

    assertThat(result.get("verdict").asText()).isEqualTo(accepted.verdict());
    assertThat(store.find(id).orElseThrow().published()).isTrue();
    assertThat(cluster.dispatcher.sweepOutbox()).isZero();
  }

  @Test
  void languages_and_problems_are_listed() {
    JsonNode languages = http.get("/api/v1/languages").body();
    assertThat(languages.findValuesAsText("name")).contains("python3", "c", "cpp", "java");
    JsonNode problems = http.get("/api/v1/problems").body();
    assertThat(problems.findValuesAsText("id")).contains("sum", "reverse", "primes");
  }

  @Test
  void every_component_exposes_its_metrics_and_health() {
    awaitDone(ids.get(CASES.get(0)));
    String api = Http.text(cluster.baseUrl() + "/metrics");
    String dispatcher =
        Http.text("http://127.0.0.1:" + cluster.dispatcher.adminPort() + "/metrics");
    String worker = Http.text("http://127.0.0.1:" + cluster.worker.adminPort() + "/metrics");

    assertThat(api).contains("verdict_api_accept", "verdict_api_http_post_api_v1_submissions");
    assertThat(api).contains("verdict_rabbitmq_confirm", "verdict_mongo_submission_insert");
    assertThat(dispatcher)
        .contains("verdict_dispatcher_verdict_ACCEPTED", "verdict_dispatcher_queue_tasks_messages");
    assertThat(worker).contains("verdict_worker_run", "verdict_worker_compile", "busy_ms");
    assertThat(new Http(cluster.baseUrl()).get("/readyz").status()).isEqualTo(200);
    assertThat(
            new Http("http://127.0.0.1:" + cluster.dispatcher.adminPort()).get("/healthz").status())
        .isEqualTo(200);
    assertThat(new Http("http://127.0.0.1:" + cluster.worker.adminPort()).get("/healthz").status())
        .isEqualTo(200);
  }

  @Test
  void a_problem_with_its_own_validator_accepts_any_right_answer_and_explains_a_wrong_one() {
    String smallestPrime =
        "a, b = map(int, input().split())\n"
            + "print(next(p for p in range(a, b + 1)"
            + " if p > 1 and all(p % d for d in range(2, int(p ** 0.5) + 1))))\n";
    String largestPrime = smallestPrime.replace("range(a, b + 1)", "range(b, a - 1, -1)");
    String lowerBound = "a, b = map(int, input().split())\nprint(a)\n";

    JsonNode smallest = awaitDone(submit("anyprime", "python3", "main.py", smallestPrime));
    JsonNode largest = awaitDone(submit("anyprime", "python3", "main.py", largestPrime));
    JsonNode wrong = awaitDone(submit("anyprime", "python3", "main.py", lowerBound));

    assertThat(smallest.get("verdict").asText()).isEqualTo("ACCEPTED");
    assertThat(largest.get("verdict").asText()).isEqualTo("ACCEPTED");
    assertThat(wrong.get("verdict").asText()).isEqualTo("WRONG_ANSWER");
    assertThat(wrong.get("tests").get(0).get("checkerMessage").asText())
        .isEqualTo("10 is not prime");
    assertThat(wrong.get("tests").get(0).get("stdout").asText())
        .as("what the program printed, for the reader to compare")
        .isEqualTo("10\n");
  }

  @Test
  void a_long_poll_answers_at_the_next_change_and_a_finished_submission_at_once() {
    String id = submit("sum", "python3", "main.py", Programs.PY_SLOW);
    String revision = http.get("/api/v1/submissions/" + id).body().get("revision").asText();

    JsonNode changed =
        http.get("/api/v1/submissions/" + id + "?after=" + revision + "&waitMs=25000").body();

    assertThat(changed.get("revision").asText()).isNotEqualTo(revision);
    JsonNode done = awaitDone(id);
    JsonNode again =
        http.get(
                "/api/v1/submissions/"
                    + id
                    + "?after="
                    + done.get("revision").asText()
                    + "&waitMs=25000")
            .body();
    assertThat(again.get("status").asText()).isEqualTo("DONE");
  }

  @Test
  void a_long_poll_until_done_answers_with_the_final_result() {
    String id = submit("sum", "python3", "main.py", Programs.PY_ACCEPTED);

    JsonNode first = http.get("/api/v1/submissions/" + id + "?until=result&waitMs=25000").body();
    JsonNode done = http.get("/api/v1/submissions/" + id + "?until=done&waitMs=25000").body();

    assertThat(first.get("status").asText().equals("DONE") || first.get("tests").size() > 0)
        .as("first answer %s", first)
        .isTrue();
    assertThat(done.get("status").asText()).isEqualTo("DONE");
    assertThat(done.get("verdict").asText()).isEqualTo("ACCEPTED");
    assertThat(http.get("/api/v1/submissions/" + id + "?until=later&waitMs=10").status())
        .isEqualTo(400);
  }

  @Test
  void a_long_poll_with_a_bad_wait_is_refused_naming_wait_ms() {
    String id = ids.values().iterator().next();

    Http.Answer answer = http.get("/api/v1/submissions/" + id + "?after=x&waitMs=forever");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body().get("field").asText()).isEqualTo("waitMs");
  }

  private String submit(String problem, String language, String file, String source) {
    Http.Answer answer =
        http.post(
            "/api/v1/submissions",
            Map.of(
                "problem",
                problem,
                "language",
                language,
                "files",
                List.of(Map.of("name", file, "content", source))));
    assertThat(answer.status()).isEqualTo(202);
    return answer.body().get("id").asText();
  }
}
