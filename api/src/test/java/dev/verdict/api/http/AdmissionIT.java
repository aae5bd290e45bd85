package dev.verdict.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.api.testing.RunningApi;
import dev.verdict.common.access.Role;
import dev.verdict.common.testing.ServicesExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Beyond {@code api.http.maxRequestsInFlight} the API answers 503 with Retry-After at once, counts
 * it as a 5xx, and still answers its health checks.
 */
class AdmissionIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perTest();

  private static final ObjectMapper JSON = new ObjectMapper();

  private RunningApi api;
  private String token;

  @BeforeEach
  void start() {
    api = RunningApi.start(services, "api.http.maxRequestsInFlight=2", "api.retryAfterSeconds=7");
    token = api.token("lab-staff", Role.STAFF);
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
  }

  @Test
  void a_request_over_the_limit_is_a_503_with_retry_after_at_once() throws Exception {
    String id =
        JSON.readTree(api.post("/api/v1/submissions", token, RunningApi.sumInPython()).body())
            .get("id")
            .asText();
    List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      polls.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return api.get("/api/v1/submissions/" + id + "?until=done&waitMs=8000", token);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }));
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                api.metrics
                    .registry()
                    .getGauges()
                    .get("verdict.api.http.in-flight")
                    .getValue()
                    .equals(2));
    long before = api.metrics.registry().meter("verdict.api.http.responses.5xx").getCount();

    long started = System.nanoTime();
    HttpResponse<String> refused = api.get("/api/v1/problems", token);
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).contains("7");
    assertThat(JSON.readTree(refused.body()).get("error").asText()).contains("retry later");
    assertThat(millis).as("answered at once, not after the long polls").isLessThan(4_000);
    assertThat(api.metrics.registry().meter("verdict.api.http.responses.5xx").getCount())
        .isEqualTo(before + 1);
    assertThat(api.get("/healthz", null).statusCode()).isEqualTo(200);
    for (CompletableFuture<HttpResponse<String>> poll : polls) {
      assertThat(poll.get().statusCode()).isEqualTo(200);
    }
    assertThat(api.get("/api/v1/problems", token).statusCode()).isEqualTo(200);
  }
}
