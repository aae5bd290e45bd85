package dev.verdict.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.api.ApiServer;
import dev.verdict.api.testing.RunningApi;
import dev.verdict.common.access.Role;
import dev.verdict.common.metrics.Metrics;
import dev.verdict.common.testing.ServicesExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A token's submissions are limited by a token bucket in Redis, shared by every API process: past
 * its burst a token gets 429 with Retry-After, wherever it submits, while other tokens go on.
 */
class RateLimitIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perTest();

  private RunningApi api;
  private ApiServer second;

  @BeforeEach
  void start() {
    api =
        RunningApi.start(
            services,
            "api.access.submitterBurst=3",
            "api.access.submitterPerMinute=1",
            "api.access.staffPerMinute=0");
    second = ApiServer.start(api.config, Metrics.of("verdict-api-it-second"));
  }

  @AfterEach
  void stop() throws Exception {
    second.close();
    api.close();
  }

  @Test
  void a_token_past_its_burst_gets_429_on_every_api_process() throws Exception {
    String alice = api.token("alice", Role.SUBMITTER);
    String bob = api.token("bob", Role.SUBMITTER);

    assertThat(api.post("/api/v1/submissions", alice, RunningApi.sumInPython()).statusCode())
        .isEqualTo(202);
    assertThat(postToSecond(alice).statusCode()).isEqualTo(202);
    assertThat(api.post("/api/v1/submissions", alice, RunningApi.sumInPython()).statusCode())
        .isEqualTo(202);
    HttpResponse<String> fourth = postToSecond(alice);
    HttpResponse<String> fifth = api.post("/api/v1/submissions", alice, RunningApi.sumInPython());

    for (HttpResponse<String> limited : java.util.List.of(fourth, fifth)) {
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("Retry-After"))
          .hasValueSatisfying(seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 60L));
      assertThat(limited.body()).contains("too many submissions");
    }
    assertThat(api.post("/api/v1/submissions", bob, RunningApi.sumInPython()).statusCode())
        .isEqualTo(202);
    assertThat(api.get("/api/v1/submissions", alice).statusCode()).isEqualTo(200);
  }

  @Test
  void a_role_with_no_rate_is_not_limited() throws Exception {
    String staff = api.token("lab-staff", Role.STAFF);

    for (int i = 0; i < 6; i++) {
      assertThat(api.post("/api/v1/submissions", staff, RunningApi.sumInPython()).statusCode())
          .isEqualTo(202);
    }
  }

  private HttpResponse<String> postToSecond(String token) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + second.port() + "/api/v1/submissions"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(RunningApi.sumInPython()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
