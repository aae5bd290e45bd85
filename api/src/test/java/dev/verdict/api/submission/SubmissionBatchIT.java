package dev.verdict.api.submission;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.api.testing.RunningApi;
import dev.verdict.common.access.Role;
import dev.verdict.common.submission.SubmissionStore;
import dev.verdict.common.testing.ServicesExtension;
import java.net.http.HttpResponse;
import java.util.Collections;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /api/v1/submissions/batch}: each item accepted or refused on its own, in one answer
 * that lists each id or error with its field path; a bad item stores nothing and blocks no other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubmissionBatchIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perClass();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADHOC =
      "{\"language\": \"python3\", \"files\": [{\"name\": \"main.py\", \"content\": \"print(1)\"}],"
          + " \"stdin\": \"\"}";

  private RunningApi api;
  private String staff;
  private String student;
  private SubmissionStore submissions;

  @BeforeAll
  void start() {
    api =
        RunningApi.start(
            services,
            "api.maxBatchSubmissions=4",
            "api.access.submitterBurst=2",
            "api.access.submitterPerMinute=1");
    staff = api.token("batch-staff", Role.STAFF);
    student = api.token("batch-student", Role.SUBMITTER);
    submissions = new SubmissionStore(api.database(), new MetricRegistry());
  }

  @AfterAll
  void stop() {
    api.close();
  }

  @Test
  void good_items_are_accepted_and_a_bad_one_is_refused_alone_with_its_field_path()
      throws Exception {
    long before = submissions.count();
    String bad =
        "{\"language\": \"python3\", \"files\": [{\"name\": \"main.py\", \"content\": \"x\"}],"
            + " \"tests\": [{\"input\": \"\"}, {\"input\": \"\"}, {\"input\": 7}]}";

    JsonNode answer = batch(staff, RunningApi.sumInPython() + "," + bad + "," + ADHOC + ", 5", 200);

    JsonNode items = answer.get("submissions");
    assertThat(items).hasSize(4);
    assertThat(items.get(0).get("status").asText()).isEqualTo("QUEUED");
    assertThat(items.get(1).get("httpStatus").asInt()).isEqualTo(400);
    assertThat(items.get(1).get("field").asText()).isEqualTo("submissions[1].tests[2].input");
    assertThat(items.get(1).has("id")).isFalse();
    assertThat(items.get(2).get("status").asText()).isEqualTo("QUEUED");
    assertThat(items.get(3).get("field").asText()).isEqualTo("submissions[3]");
    assertThat(answer.get("accepted").asInt()).isEqualTo(2);
    assertThat(answer.get("refused").asInt()).isEqualTo(2);
    assertThat(submissions.count()).isEqualTo(before + 2);
    assertThat(submissions.find(items.get(0).get("id").asText()).orElseThrow().problemId())
        .isEqualTo("sum");
    assertThat(submissions.find(items.get(2).get("id").asText()).orElseThrow().problemId())
        .isEqualTo(AdhocProblems.ID);
  }

  @Test
  void each_item_takes_the_rate_limit_and_those_over_it_are_refused_with_a_retry_time()
      throws Exception {
    JsonNode answer =
        batch(student, String.join(",", Collections.nCopies(3, RunningApi.sumInPython())), 200);

    JsonNode items = answer.get("submissions");
    assertThat(items.get(0).get("status").asText()).isEqualTo("QUEUED");
    assertThat(items.get(1).get("status").asText()).isEqualTo("QUEUED");
    assertThat(items.get(2).get("httpStatus").asInt()).isEqualTo(429);
    assertThat(items.get(2).get("retryAfterSeconds").asLong()).isPositive();
  }

  @Test
  void a_batch_over_the_maximum_or_empty_is_refused_whole() throws Exception {
    long before = submissions.count();

    JsonNode over =
        batch(staff, String.join(",", Collections.nCopies(5, RunningApi.sumInPython())), 400);
    JsonNode empty = batch(staff, "", 400);

    assertThat(over.get("field").asText()).isEqualTo("submissions");
    assertThat(over.get("error").asText()).contains("api.maxBatchSubmissions");
    assertThat(empty.get("field").asText()).isEqualTo("submissions");
    assertThat(submissions.count()).isEqualTo(before);
  }

  private JsonNode batch(String token, String items, int status) throws Exception {
    HttpResponse<String> response =
        api.post("/api/v1/submissions/batch", token, "{\"submissions\": [" + items + "]}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return JSON.readTree(response.body());
  }
}
