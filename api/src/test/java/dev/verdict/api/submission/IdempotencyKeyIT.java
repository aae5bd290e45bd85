package dev.verdict.api.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.api.access.TokenStore;
import dev.verdict.api.testing.Multipart;
import dev.verdict.api.testing.RunningApi;
import dev.verdict.common.access.Role;
import dev.verdict.common.submission.SubmissionStore;
import dev.verdict.common.testing.ServicesExtension;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code Idempotency-Key} on {@code POST /api/v1/submissions}: a retry with the same key and body
 * (per token) answers the same submission with the same status, a different body is a 409, keys
 * expire, and concurrent duplicates still make one submission.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencyKeyIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perClass();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OTHER =
      "{\"problem\": \"sum\", \"language\": \"python3\", \"files\": [{\"name\": \"main.py\","
          + " \"content\": \"print(sum(map(int, input().split())))\\n\"}]}";

  private RunningApi api;
  private String staff;
  private String otherStaff;
  private SubmissionStore submissions;

  @BeforeAll
  void start() {
    api = RunningApi.start(services, "api.idempotency.ttl=3s");
    staff = api.token("idem-staff", Role.STAFF);
    otherStaff = api.token("idem-other", Role.STAFF);
    submissions = new SubmissionStore(api.database(), new MetricRegistry());
  }

  @AfterAll
  void stop() {
    api.close();
  }

  @Test
  void a_retry_with_the_same_key_and_body_answers_the_same_submission() throws Exception {
    String key = newKey();
    long before = submissions.count();

    HttpResponse<String> first = post(staff, key, RunningApi.sumInPython());
    HttpResponse<String> retry =
        post(staff, key, RunningApi.sumInPython().replace("{\"problem\"", "{ \"problem\""));

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(retry.statusCode()).isEqualTo(202);
    assertThat(retry.body()).isEqualTo(first.body());
    assertThat(retry.headers().firstValue("Location"))
        .isEqualTo(first.headers().firstValue("Location"));
    assertThat(retry.headers().firstValue("Idempotency-Replayed")).hasValue("true");
    assertThat(submissions.count()).isEqualTo(before + 1);
  }

  @Test
  void the_same_key_with_another_body_is_a_409_naming_the_header() throws Exception {
    String key = newKey();
    post(staff, key, RunningApi.sumInPython());

    HttpResponse<String> other = post(staff, key, OTHER);

    assertThat(other.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(other.body()).get("field").asText()).isEqualTo("Idempotency-Key");
  }

  @Test
  void keys_belong_to_their_token() throws Exception {
    String key = newKey();

    String mine = id(post(staff, key, RunningApi.sumInPython()));
    String theirs = id(post(otherStaff, key, RunningApi.sumInPython()));

    assertThat(theirs).isNotEqualTo(mine);
  }

  @Test
  void a_refused_request_does_not_use_up_its_key() throws Exception {
    String key = newKey();

    HttpResponse<String> refused =
        post(staff, key, RunningApi.sumInPython().replace("python3", "cobol"));
    HttpResponse<String> corrected = post(staff, key, RunningApi.sumInPython());

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(corrected.statusCode()).isEqualTo(202);
  }

  @Test
  void a_multipart_retry_with_a_new_boundary_is_the_same_request() throws Exception {
    String key = newKey();

    String first = id(postMultipart(key));
    String retry = id(postMultipart(key));

    assertThat(retry).isEqualTo(first);
  }

  @Test
  void a_key_expires_after_its_time_to_live() throws Exception {
    String key = newKey();
    String first = id(post(staff, key, RunningApi.sumInPython()));

    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> !id(post(staff, key, RunningApi.sumInPython())).equals(first));
  }

  @Test
  void concurrent_duplicates_make_one_submission() throws Exception {
    String key = newKey();
    long before = submissions.count();
    int requests = 16;
    CountDownLatch go = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> answers = new ArrayList<>();
    try (ExecutorService clients = Executors.newFixedThreadPool(requests)) {
      for (int i = 0; i < requests; i++) {
        answers.add(
            clients.submit(
                () -> {
                  go.await();
                  return post(staff, key, RunningApi.sumInPython());
                }));
      }
      go.countDown();
      Set<String> ids = new HashSet<>();
      for (Future<HttpResponse<String>> answer : answers) {
        HttpResponse<String> response = answer.get();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        ids.add(id(response));
      }
      assertThat(ids).hasSize(1);
    }
    assertThat(submissions.count()).isEqualTo(before + 1);
  }

  @Test
  void a_claim_whose_request_died_before_storing_is_taken_over_under_its_submission_id()
      throws Exception {
    TokenStore.Issued token =
        new TokenStore(api.database(), new MetricRegistry())
            .create("idem-crashed", Role.STAFF, null, System.currentTimeMillis());
    String key = newKey();
    String abandoned = UUID.randomUUID().toString();
    long longAgo = System.currentTimeMillis() - 600_000;
    String fingerprint =
        IdempotencyKeys.fingerprint(
            JSON, "/api/v1/submissions", JSON.readTree(RunningApi.sumInPython()));
    api.database()
        .getCollection("idempotency_keys")
        .insertOne(
            new Document("_id", token.info().id() + ":" + key)
                .append("fingerprint", fingerprint)
                .append("submissionId", abandoned)
                .append("createdAt", longAgo)
                .append("expiresAt", System.currentTimeMillis() + 600_000));

    String taken = id(post(token.token(), key, RunningApi.sumInPython()));

    assertThat(taken).isEqualTo(abandoned);
    assertThat(submissions.find(abandoned)).isPresent();
  }

  @Test
  void a_malformed_key_and_a_key_on_a_batch_are_refused() throws Exception {
    HttpResponse<String> tooLong = post(staff, "k".repeat(256), RunningApi.sumInPython());
    HttpResponse<String> batch =
        api.send(
            api.request("/api/v1/submissions/batch", staff)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", newKey())
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"submissions\": [" + RunningApi.sumInPython() + "]}"))
                .build());

    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(tooLong.body()).get("field").asText()).isEqualTo("Idempotency-Key");
    assertThat(batch.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(batch.body()).get("field").asText()).isEqualTo("Idempotency-Key");
  }

  private static String newKey() {
    return "key-" + UUID.randomUUID();
  }

  private static String id(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    JsonNode body = JSON.readTree(response.body());
    return body.get("id").asText();
  }

  private HttpResponse<String> post(String token, String key, String json) throws Exception {
    return api.post("/api/v1/submissions", token, json, "Idempotency-Key", key);
  }

  private HttpResponse<String> postMultipart(String key) throws Exception {
    Multipart form =
        new Multipart()
            .field("problem", "sum")
            .field("language", "python3")
            .file("files", "main.py", "print(sum(map(int, input().split())))\n");
    return api.send(
        api.request("/api/v1/submissions", staff)
            .header("Content-Type", form.contentType())
            .header("Idempotency-Key", key)
            .POST(form.publisher())
            .build());
  }
}
