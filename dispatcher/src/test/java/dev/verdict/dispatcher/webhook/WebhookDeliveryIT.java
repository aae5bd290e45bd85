package dev.verdict.dispatcher.webhook;

import static dev.verdict.common.submission.SubmissionBuilder.aSubmission;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.TaskFinished;
import dev.verdict.common.message.TestResult;
import dev.verdict.common.message.Verdict;
import dev.verdict.common.submission.CallbackAttempt;
import dev.verdict.common.submission.Submission;
import dev.verdict.common.submission.SubmissionState;
import dev.verdict.common.testing.ServicesExtension;
import dev.verdict.dispatcher.testing.RunningDispatcher;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A finished submission's result is POSTed to its callback by the real dispatcher (results over the
 * real RabbitMQ, attempts recorded in the MongoDB stand-in), received by a loopback HTTP server.
 */
class WebhookDeliveryIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perTest();
  private static final String SECRET = "test-secret-0123456789";
  private static final String CHECKER_MESSAGE = "expected '-2', got '8'";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MockWebServer receiver = new MockWebServer();
  private RunningDispatcher dispatcher;

  @BeforeEach
  void startReceiver() throws Exception {
    receiver.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void stop() {
    if (dispatcher != null) {
      dispatcher.close();
    }
    receiver.close();
  }

  private void startDispatcher(String... overrides) {
    List<String> settings =
        new java.util.ArrayList<>(
            List.of("webhooks.secret=" + SECRET, "webhooks.initialBackoffMs=50"));
    settings.addAll(List.of(overrides));
    dispatcher = RunningDispatcher.start(services, settings.toArray(String[]::new));
  }

  private void startDispatcherReceivingOnLoopback(String... overrides) {
    List<String> settings = new java.util.ArrayList<>(List.of("webhooks.allow=127.0.0.0/8"));
    settings.addAll(List.of(overrides));
    startDispatcher(settings.toArray(String[]::new));
  }

  @Test
  void a_finished_submission_is_posted_to_its_callback_signed_with_what_its_submitter_may_see()
      throws Exception {
    startDispatcherReceivingOnLoopback();
    receiver.enqueue(new MockResponse.Builder().code(204).build());
    String id = finishWithCallback(receiver.url("/hooks/verdict").toString());

    RecordedRequest request = receiver.takeRequest(10, TimeUnit.SECONDS);

    assertThat(request).isNotNull();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getTarget()).isEqualTo("/hooks/verdict");
    String body = request.getBody().utf8();
    String timestamp = request.getHeaders().get("Verdict-Timestamp");
    assertThat(Math.abs(Long.parseLong(timestamp) - System.currentTimeMillis() / 1000))
        .isLessThan(60);
    assertThat(request.getHeaders().get("Verdict-Signature"))
        .isEqualTo("v1=" + hmac(SECRET, timestamp + "." + body));
    assertThat(request.getHeaders().get("Verdict-Event")).isEqualTo("submission.done");
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
    JsonNode result = JSON.readTree(body);
    assertThat(result.get("id").asText()).isEqualTo(id);
    assertThat(result.get("status").asText()).isEqualTo("DONE");
    assertThat(result.get("verdict").asText()).isEqualTo("WRONG_ANSWER");
    JsonNode secret = result.get("tests").get(1);
    assertThat(secret.get("name").asText()).isEqualTo("secret #1");
    assertThat(secret.has("checkerMessage")).isFalse();
    assertThat(body).doesNotContain(CHECKER_MESSAGE);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(dispatcher.submissions.callbackAttempts(id))
                    .singleElement()
                    .satisfies(
                        attempt -> {
                          assertThat(attempt.status()).isEqualTo(204);
                          assertThat(attempt.attempt()).isEqualTo(1);
                          assertThat(attempt.error()).isNull();
                        }));
  }

  @Test
  void a_500_is_retried_with_the_same_delivery_id_until_the_receiver_takes_it() throws Exception {
    startDispatcherReceivingOnLoopback();
    receiver.enqueue(new MockResponse.Builder().code(500).build());
    receiver.enqueue(new MockResponse.Builder().code(200).build());
    String id = finishWithCallback(receiver.url("/hook").toString());

    RecordedRequest first = receiver.takeRequest(10, TimeUnit.SECONDS);
    RecordedRequest second = receiver.takeRequest(10, TimeUnit.SECONDS);

    assertThat(second).isNotNull();
    assertThat(second.getHeaders().get("Verdict-Delivery"))
        .isEqualTo(first.getHeaders().get("Verdict-Delivery"));
    assertThat(second.getBody()).isEqualTo(first.getBody());
    assertThat(second.getHeaders().get("Verdict-Signature"))
        .isEqualTo(
            "v1="
                + hmac(
                    SECRET,
                    second.getHeaders().get("Verdict-Timestamp") + "." + second.getBody().utf8()));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(dispatcher.submissions.callbackAttempts(id))
                    .extracting(CallbackAttempt::attempt, CallbackAttempt::status)
                    .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, 500),
                        org.assertj.core.groups.Tuple.tuple(2, 200)));
  }

  @Test
  void loopback_is_refused_by_default_by_address_and_by_name() {
    startDispatcher();
    String byAddress = finishWithCallback(receiver.url("/hook").toString());
    String byName = finishWithCallback("http://localhost:" + receiver.getPort() + "/hook");

    for (String id : List.of(byAddress, byName)) {
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(dispatcher.submissions.callbackAttempts(id))
                      .singleElement()
                      .satisfies(
                          attempt -> {
                            assertThat(attempt.status()).isZero();
                            assertThat(attempt.error()).contains("webhooks.deny");
                          }));
    }
    assertThat(receiver.getRequestCount()).isZero();
    assertThat(dispatcher.count("verdict.dispatcher.webhooks.failed")).isEqualTo(2);
  }

  @Test
  void a_slow_receiver_delays_neither_grading_nor_another_submissions_delivery() throws Exception {
    try (MockWebServer slow = new MockWebServer()) {
      slow.start(InetAddress.getByName("127.0.0.1"), 0);
      startDispatcherReceivingOnLoopback("webhooks.timeoutMs=20000");
      slow.enqueue(new MockResponse.Builder().code(200).headersDelay(15, TimeUnit.SECONDS).build());
      receiver.enqueue(new MockResponse.Builder().code(200).build());

      String slowId = finishWithCallback(slow.url("/slow").toString());
      assertThat(slow.takeRequest(10, TimeUnit.SECONDS)).isNotNull();
      String fastId = finishWithCallback(receiver.url("/fast").toString());

      // why: the slow receiver still holds its request: the other delivery went by it.
      assertThat(receiver.takeRequest(10, TimeUnit.SECONDS)).isNotNull();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(dispatcher.submissions.callbackAttempts(fastId))
                      .extracting(CallbackAttempt::status)
                      .containsExactly(200));
      assertThat(dispatcher.submissions.callbackAttempts(slowId)).isEmpty();
      assertThat(dispatcher.submissions.find(fastId).orElseThrow().state())
          .isEqualTo(SubmissionState.DONE);
    }
  }

  /** Stores a submission with {@code callbackUrl} and sends its result as a worker would. */
  private String finishWithCallback(String callbackUrl) {
    String id = UUID.randomUUID().toString();
    Submission submission =
        aSubmission()
            .withId(id)
            .createdAt(System.currentTimeMillis())
            .published()
            .withCallbackUrl(callbackUrl)
            .build();
    dispatcher.submissions.insert(submission);
    long now = System.currentTimeMillis();
    GradingOutcome outcome =
        GradingOutcome.fromTests(
            List.of(
                new TestResult("sample/1", Verdict.ACCEPTED, 1, 10, 12, 3_000, 0, null, null),
                new TestResult(
                    "secret/1-negative",
                    Verdict.WRONG_ANSWER,
                    1,
                    10,
                    12,
                    3_000,
                    0,
                    null,
                    CHECKER_MESSAGE)),
            2,
            "",
            "worker-1/0",
            now - 20,
            now - 10);
    dispatcher.publish(
        dispatcher.topology.resultsQueue(), new TaskFinished(TaskFinished.VERSION, id, outcome));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> dispatcher.submissions.find(id).orElseThrow().state() == SubmissionState.DONE);
    return id;
  }

  private static String hmac(String secret, String text) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
  }
}
