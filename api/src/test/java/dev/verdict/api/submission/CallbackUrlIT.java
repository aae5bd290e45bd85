package dev.verdict.api.submission;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * with the submission, and shown by GET with its delivery attempts to those who may read it.
 */
class CallbackUrlIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perTest();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "webhooks.secret=test-secret";

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

  private static void assertRefused(HttpResponse<String> response, String saying) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode error = JSON.readTree(response.body());
    assertThat(error.get("field").asText()).isEqualTo("callbackUrl");
    assertThat(error.get("error").asText()).contains(saying);
  }
}
