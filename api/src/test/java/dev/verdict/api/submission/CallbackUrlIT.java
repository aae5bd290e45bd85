package dev.verdict.api.submission;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.api.access.TokenStore;
import dev.verdict.api.testing.Results;
import dev.verdict.api.testing.RunningApi;
import dev.verdict.common.access.Role;
import dev.verdict.common.submission.CallbackAttempt;
import dev.verdict.common.submission.SubmissionStore;
import dev.verdict.common.testing.ServicesExtension;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A submission's {@code callbackUrl}: checked before anything is stored (a 400 naming it), kept
 * with the submission, and shown by GET with its delivery attempts to those who may read it. A
 * token's default {@code callbackUrl}: checked when the token is made, and given to each submission
 * made with the token that names none (single, idempotent or batch), never over a submission's own.
 */
class CallbackUrlIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perTest();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "webhooks.secret=test-secret";
  private static final String PORTAL = "http://127.0.0.1:9/portal-hook";

  private RunningApi api;
  private String alice;

  private void start(String... overrides) {
    api = RunningApi.start(services, overrides);
    alice = api.token("alice", Role.SUBMITTER);
  }

  @AfterEach
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  private HttpResponse<String> submit(String callbackUrl) throws Exception {
    String body =
        RunningApi.sumInPython()
            .replaceFirst(
                "^\\{", "{\"callbackUrl\": " + JSON.writeValueAsString(callbackUrl) + ", ");
    return api.post("/api/v1/submissions", alice, body);
  }

  @Test
  void a_callback_is_refused_while_webhooks_are_off() throws Exception {
    start();

    assertRefused(submit("https://portal.example.org/hooks"), "webhooks.secret");
  }

  @Test
  void only_absolute_http_urls_are_taken() throws Exception {
    start(SECRET, "webhooks.allow=127.0.0.0/8");

    assertRefused(submit("ftp://127.0.0.1/results"), "http or https");
    assertRefused(submit("/relative/path"), "http or https");
    assertRefused(submit("http://user:pw@127.0.0.1/hook"), "user name");
    assertRefused(submit("http://no-such-host.invalid/hook"), "does not resolve");
    assertThat(JSON.readTree(api.get("/api/v1/submissions", alice).body()).get("submissions"))
        .isEmpty();
  }

  @Test
  void loopback_and_private_addresses_are_refused_by_default() throws Exception {
    start(SECRET);

    assertRefused(submit("http://127.0.0.1:8080/hook"), "127.0.0.1");
    assertRefused(submit("http://localhost:8080/hook"), "webhooks.deny");
    assertRefused(submit("http://10.1.2.3/hook"), "10.1.2.3");
    assertRefused(submit("http://[::1]:8080/hook"), "webhooks.deny");
    assertRefused(submit("http://169.254.169.254/latest/meta-data"), "169.254.169.254");
  }

  @Test
  void get_shows_the_callback_and_its_delivery_attempts() throws Exception {
    start(SECRET, "webhooks.allow=127.0.0.0/8");
    HttpResponse<String> created = submit("http://127.0.0.1:9/hook");
    assertThat(created.statusCode()).isEqualTo(202);
    String id = JSON.readTree(created.body()).get("id").asText();

    JsonNode queued = JSON.readTree(api.get("/api/v1/submissions/" + id, alice).body());
    assertThat(queued.get("callback").get("url").asText()).isEqualTo("http://127.0.0.1:9/hook");
    assertThat(queued.get("callback").get("attempts")).isEmpty();

    Results.finish(api, id, Results.wrongAnswer());
    new SubmissionStore(api.database(), new MetricRegistry())
        .recordCallbackAttempt(id, new CallbackAttempt(2_000, 1, 0, "connection refused", 3));

    for (boolean live : new boolean[] {true, false}) {
      if (!live) {
        Results.forgetLive(api, id);
      }
      JsonNode attempt =
          JSON.readTree(api.get("/api/v1/submissions/" + id, alice).body())
              .get("callback")
              .get("attempts")
              .get(0);
      assertThat(attempt.get("attempt").asInt()).isEqualTo(1);
      assertThat(attempt.get("status").asInt()).isZero();
      assertThat(attempt.get("error").asText()).isEqualTo("connection refused");
      assertThat(attempt.get("at").asText()).isEqualTo("1970-01-01T00:00:02Z");
    }
  }

  @Test
  void a_submission_naming_no_callback_gets_its_tokens_default() throws Exception {
    start(SECRET, "webhooks.allow=127.0.0.0/8");
    String admin = api.token("admin", Role.ADMIN);
    HttpResponse<String> created = createPortalToken(admin);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(json(created).get("callbackUrl").textValue()).isEqualTo(PORTAL);
    String portal = json(created).get("token").textValue();

    String plain = id(api.post("/api/v1/submissions", portal, RunningApi.sumInPython()));
    String own =
        id(
            api.post(
                "/api/v1/submissions",
                portal,
                RunningApi.sumInPython()
                    .replaceFirst("^\\{", "{\"callbackUrl\": \"http://127.0.0.1:10/own\", ")));
    String keyed =
        id(
            api.post(
                "/api/v1/submissions",
                portal,
                RunningApi.sumInPython(),
                "Idempotency-Key",
                "default-callback-1"));
    JsonNode batch =
        json(
            api.post(
                "/api/v1/submissions/batch",
                portal,
                "{\"submissions\": [" + RunningApi.sumInPython() + "]}"));

    assertThat(callbackOf(plain, portal)).isEqualTo(PORTAL);
    assertThat(callbackOf(own, portal)).isEqualTo("http://127.0.0.1:10/own");
    assertThat(callbackOf(keyed, portal)).isEqualTo(PORTAL);
    assertThat(callbackOf(batch.get("submissions").get(0).get("id").textValue(), portal))
        .isEqualTo(PORTAL);
    assertThat(json(api.get("/api/v1/tokens", admin)).findValuesAsText("callbackUrl"))
        .containsExactly(PORTAL);
  }

  @Test
  void a_default_the_webhook_rules_refuse_is_refused_with_the_token() throws Exception {
    start(SECRET);
    String admin = api.token("admin", Role.ADMIN);

    HttpResponse<String> refused = createPortalToken(admin);

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(json(refused).get("field").textValue()).isEqualTo("callbackUrl");
    assertThat(json(refused).get("error").textValue()).contains("webhooks.deny");
    assertThat(json(api.get("/api/v1/tokens", admin)).findValuesAsText("name"))
        .doesNotContain("portal");
  }

  @Test
  void a_default_kept_from_before_webhooks_were_turned_off_is_ignored_not_refused()
      throws Exception {
    start();
    String portal =
        new TokenStore(api.database(), new MetricRegistry())
            .create("portal", Role.SUBMITTER, null, PORTAL, System.currentTimeMillis())
            .token();

    String id = id(api.post("/api/v1/submissions", portal, RunningApi.sumInPython()));

    assertThat(json(api.get("/api/v1/submissions/" + id, portal)).has("callback")).isFalse();
  }

  private String callbackOf(String id, String token) throws Exception {
    JsonNode submission = json(api.get("/api/v1/submissions/" + id, token));
    return submission.path("callback").path("url").textValue();
  }

  /** Asks for a submitter token named portal whose default callback is {@link #PORTAL}. */
  private HttpResponse<String> createPortalToken(String admin) throws Exception {
    return api.post(
        "/api/v1/tokens",
        admin,
        "{\"name\": \"portal\", \"role\": \"submitter\", \"callbackUrl\": \"" + PORTAL + "\"}");
  }

  private static String id(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return json(response).get("id").textValue();
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  private static void assertRefused(HttpResponse<String> response, String saying) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode error = JSON.readTree(response.body());
    assertThat(error.get("field").asText()).isEqualTo("callbackUrl");
    assertThat(error.get("error").asText()).contains(saying);
  }
}
