package dev.verdict.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.api.testing.DelayingProxy;
import dev.verdict.api.testing.RunningApi;
import dev.verdict.common.access.Role;
import dev.verdict.common.config.RedisConfig;
import dev.verdict.common.testing.ServicesExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With Redis made slow (each reply held back 200 ms by a proxy on loopback), requests that read it
 * wait side by side, not one behind another: 8 at once finish in about one delay, not eight.
 */
class SlowBackingStoreIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perTest();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration DELAY = Duration.ofMillis(200);

  private DelayingProxy proxy;
  private RunningApi api;

  @BeforeEach
  void start() throws Exception {
    proxy = new DelayingProxy(RedisConfig.defaults().port());
    api = RunningApi.start(services, "redis.port=" + proxy.port());
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
    proxy.close();
  }

  @Test
  void eight_concurrent_reads_of_a_slow_store_take_about_one_delay_not_eight() throws Exception {
    String token = api.token("lab-staff", Role.STAFF);
    String id =
        JSON.readTree(api.post("/api/v1/submissions", token, RunningApi.sumInPython()).body())
            .get("id")
            .asText();
    String path = "/api/v1/submissions/" + id;
    assertThat(api.get(path, token).statusCode()).isEqualTo(200);
    proxy.delay(DELAY);

    long one =
        millis(
            () -> {
              try {
                assertThat(api.get(path, token).statusCode()).isEqualTo(200);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      answers.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  go.await();
                  return api.get(path, token);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              },
              java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()));
    }
    long eight =
        millis(
            () -> {
              go.countDown();
              for (CompletableFuture<HttpResponse<String>> answer : answers) {
                assertThat(answer.join().statusCode()).isEqualTo(200);
              }
            });

    assertThat(one).as("one read goes through the slow store").isGreaterThanOrEqualTo(200);
    assertThat(eight).as("eight reads wait side by side").isLessThan(4 * DELAY.toMillis());
  }

  private static long millis(Runnable work) {
    long started = System.nanoTime();
    work.run();
    return (System.nanoTime() - started) / 1_000_000;
  }
}
