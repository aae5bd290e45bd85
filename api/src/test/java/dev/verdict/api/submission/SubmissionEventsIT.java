package dev.verdict.api.submission;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.api.testing.Results;
import dev.verdict.api.testing.RunningApi;
import dev.verdict.common.access.Role;
import dev.verdict.common.message.TestResult;
import dev.verdict.common.status.StatusStore;
import dev.verdict.common.testing.EventStreamClient;
import dev.verdict.common.testing.EventStreamClient.Event;
import dev.verdict.common.testing.ServicesExtension;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /api/v1/submissions/{id}/events} against the real Redis, RabbitMQ and the MongoDB
 * stand-in: the test plays the worker (progress written to the live status, as a slot writes it)
 * and the dispatcher (the final result), and reads the stream as a client would.
 */
class SubmissionEventsIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perTest();
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunningApi api;
  private StatusStore status;
  private String alice;
  private String id;
  private final List<TestResult> tests = Results.wrongAnswer().tests();

  @BeforeEach
  void submit() throws Exception {
    start("api.events.keepAliveMs=300");
  }

  private void start(String... overrides) throws Exception {
    api = RunningApi.start(services, overrides);
    status =
        new StatusStore(
            api.redis(),
            api.config.namespace(),
            api.config.redis().statusTtlSeconds(),
            new MetricRegistry());
    alice = api.token("alice", Role.SUBMITTER);
    id = submit(alice);
  }

  private String submit(String token) throws Exception {
    HttpResponse<String> response =
        api.post("/api/v1/submissions", token, RunningApi.sumInPython());
    assertThat(response.statusCode()).isEqualTo(202);
    return JSON.readTree(response.body()).get("id").asText();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void each_test_result_is_an_event_as_it_finishes_then_the_final_result_ends_the_stream() {
    try (EventStreamClient events = open(id, alice, null)) {
      assertThat(events.status()).isEqualTo(200);
      assertThat(events.header("Content-Type")).startsWith("text/event-stream");
      assertStatus(events.next(), "QUEUED");

      status.running(id, System.currentTimeMillis(), "worker-1/0");
      assertStatus(events.next(), "RUNNING");
      for (int index = 0; index < tests.size(); index++) {
        status.testFinished(id, index, tests.get(index));
        // why: each event is read before the next test finishes: it came as its test finished.
        assertTestEvent(events.next(), index);
      }
      Results.finish(api, id, Results.wrongAnswer());

      Event result = events.next();
      assertThat(result.name()).isEqualTo("result");
      assertThat(result.id()).isEqualTo("done");
      JsonNode view = json(result.data());
      assertThat(view.get("status").asText()).isEqualTo("DONE");
      assertThat(view.get("verdict").asText()).isEqualTo("WRONG_ANSWER");
      assertThat(view.get("tests")).hasSize(tests.size());
      assertThat(events.endsWithoutMoreEvents()).isTrue();
    }
  }

  @Test
  void a_late_subscriber_first_gets_the_state_so_far() {
    status.running(id, System.currentTimeMillis(), "worker-1/0");
    status.testsFinished(id, 0, tests.subList(0, 2));

    try (EventStreamClient events = open(id, alice, null)) {
      assertStatus(events.next(), "RUNNING");
      assertTestEvent(events.next(), 0);
      assertTestEvent(events.next(), 1);

      status.testFinished(id, 2, tests.get(2));
      assertTestEvent(events.next(), 2);
    }
  }

  @Test
  void a_subscriber_to_a_finished_submission_gets_every_test_and_the_result() {
    Results.finish(api, id, Results.wrongAnswer());

    try (EventStreamClient events = open(id, alice, null)) {
      for (int index = 0; index < tests.size(); index++) {
        assertTestEvent(events.next(), index);
      }
      assertThat(events.next().name()).isEqualTo("result");
      assertThat(events.endsWithoutMoreEvents()).isTrue();
    }
  }

  @Test
  void last_event_id_resumes_without_gaps_or_repeats() {
    status.running(id, System.currentTimeMillis(), "worker-1/0");
    try (EventStreamClient events = open(id, alice, null)) {
      assertStatus(events.next(), "RUNNING");
      status.testsFinished(id, 0, tests.subList(0, 2));
      assertTestEvent(events.next(), 0);
      assertThat(events.next().id()).isEqualTo("2");
    }
    status.testFinished(id, 2, tests.get(2));

    try (EventStreamClient resumed = open(id, alice, "2")) {
      assertStatus(resumed.next(), "RUNNING");
      assertTestEvent(resumed.next(), 2);
      Results.finish(api, id, Results.wrongAnswer());
      assertTestEvent(resumed.next(), 3);
      Event result = resumed.next();
      assertThat(result.name()).isEqualTo("result");
      assertThat(resumed.endsWithoutMoreEvents()).isTrue();
    }

    try (EventStreamClient after = open(id, alice, "done")) {
      assertThat(after.status()).isEqualTo(204);
    }
  }

  @Test
  void a_test_after_a_missing_one_waits_for_it() {
    status.running(id, System.currentTimeMillis(), "worker-1/0");
    status.testFinished(id, 0, tests.get(0));
    status.testFinished(id, 2, tests.get(2));

    try (EventStreamClient events = open(id, alice, null)) {
      assertStatus(events.next(), "RUNNING");
      assertTestEvent(events.next(), 0);

      status.testFinished(id, 1, tests.get(1));
      assertTestEvent(events.next(), 1);
      assertTestEvent(events.next(), 2);
    }
  }

  @Test
  void an_idle_stream_gets_keep_alive_comments() {
    try (EventStreamClient events = open(id, alice, null)) {
      assertStatus(events.next(), "QUEUED");

      Event idle = events.nextOrComment();

      assertThat(idle.isComment()).isTrue();
      assertThat(idle.comment()).isEqualTo("keep-alive");
    }
  }

  @Test
  void a_submitter_sees_of_secret_tests_only_what_a_get_shows() throws Exception {
    Results.finish(api, id, Results.wrongAnswer());
    JsonNode get = json(api.get("/api/v1/submissions/" + id, alice).body());

    try (EventStreamClient events = open(id, alice, null)) {
      List<Event> testEvents = events.next(tests.size());
      JsonNode result = json(events.next().data());

      JsonNode secret = json(testEvents.get(3).data());
      assertThat(secret.get("name").asText()).isEqualTo("secret #2");
      assertThat(secret.has("checkerMessage")).isFalse();
      assertThat(secret.has("stdout")).isFalse();
      assertThat(testEvents.get(3).data()).doesNotContain(Results.SECRET_MESSAGE);
      assertThat(json(testEvents.get(1).data()).get("checkerMessage").asText())
          .isEqualTo(Results.SAMPLE_MESSAGE);
      assertThat(result).isEqualTo(get);
    }
  }

  @Test
  void staff_see_every_detail_of_every_test() {
    String staff = api.token("lab-staff", Role.STAFF);
    Results.finish(api, id, Results.wrongAnswer());

    try (EventStreamClient events = open(id, staff, null)) {
      JsonNode secret = json(events.next(tests.size()).get(3).data());
      assertThat(secret.get("name").asText()).isEqualTo("secret/2-negative");
      assertThat(secret.get("checkerMessage").asText()).isEqualTo(Results.SECRET_MESSAGE);
    }
  }

  @Test
  void another_users_submission_is_the_same_404_as_one_that_does_not_exist() throws Exception {
    String bob = api.token("bob", Role.SUBMITTER);

    try (EventStreamClient theirs = open(id, bob, null);
        EventStreamClient none = open(UUID.randomUUID().toString(), bob, null)) {
      assertThat(theirs.status()).isEqualTo(404);
      assertThat(none.status()).isEqualTo(404);
      assertThat(json(theirs.body()).get("field").asText()).isEqualTo("id");
      assertThat(theirs.body().replaceAll("'[0-9a-f-]{36}'", "'ID'"))
          .isEqualTo(none.body().replaceAll("'[0-9a-f-]{36}'", "'ID'"));
    }
    assertThat(api.get("/api/v1/submissions/" + id, bob).statusCode()).isEqualTo(404);
  }

  @Test
  void a_malformed_last_event_id_is_a_400_naming_it() throws Exception {
    try (EventStreamClient events = open(id, alice, "3; drop")) {
      assertThat(events.status()).isEqualTo(400);
      assertThat(json(events.body()).get("field").asText()).isEqualTo("Last-Event-ID");
    }
  }

  @Test
  void streams_beyond_the_cap_are_refused_with_retry_after() throws Exception {
    api.close();
    start("api.events.maxStreams=1");

    try (EventStreamClient first = open(id, alice, null);
        EventStreamClient second = open(id, alice, null)) {
      assertStatus(first.next(), "QUEUED");
      assertThat(second.status()).isEqualTo(503);
      assertThat(second.header("Retry-After")).isNotNull();
    }
  }

  @Test
  void stopping_the_api_ends_its_open_streams() {
    try (EventStreamClient events = open(id, alice, null)) {
      assertStatus(events.next(), "QUEUED");

      api.close();

      assertThat(events.endsWithoutMoreEvents()).isTrue();
    }
  }

  private EventStreamClient open(String submission, String token, String lastEventId) {
    Map<String, String> headers = new HashMap<>();
    headers.put("Authorization", "Bearer " + token);
    if (lastEventId != null) {
      headers.put("Last-Event-ID", lastEventId);
    }
    return EventStreamClient.open(
        URI.create(api.url("/api/v1/submissions/" + submission + "/events")), headers);
  }

  private void assertStatus(Event event, String expected) {
    assertThat(event.name()).isEqualTo("status");
    assertThat(event.id()).isNull();
    assertThat(json(event.data()).get("status").asText()).isEqualTo(expected);
  }

  private void assertTestEvent(Event event, int index) {
    assertThat(event.name()).isEqualTo("test");
    assertThat(event.id()).isEqualTo(Integer.toString(index + 1));
    JsonNode data = json(event.data());
    assertThat(data.get("index").asInt()).isEqualTo(index);
    assertThat(data.get("verdict").asText()).isEqualTo(tests.get(index).verdict().name());
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }
}
