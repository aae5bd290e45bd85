package dev.verdict.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.submission.Submission;
import dev.verdict.common.submission.SubmissionStore;
import dev.verdict.common.testing.ServicesExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker that is alive and sends its heartbeats, but holds a task longer than the broker's {@code
 * consumer_timeout}: the broker closes the worker's channel and puts the task back in its queue,
 * another worker grades it, the first worker's late result is dropped, and the first worker, its
 * channel reopened, takes work again. The node here has {@code consumer_timeout = 3000} (3 s) and
 * ticks its channels every second ({@code PrivateRabbit}); RabbitMQ 3.10 has no per-queue timeout,
 * so the node's setting is the one a deployment has.
 */
class ConsumerTimeoutIT {
  private static final int CONSUMER_TIMEOUT_MS = 3_000;

  @RegisterExtension
  static final ServicesExtension services =
      ServicesExtension.perClassOnPrivateServers("consumer_timeout = " + CONSUMER_TIMEOUT_MS);

  @TempDir Path temp;

  @Test
  void a_task_held_past_the_consumer_timeout_is_graded_elsewhere_and_the_holder_consumes_again()
      throws Exception {
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (ProcessDeployment deployment = new ProcessDeployment(services, temp)) {
      Component api = deployment.start("api", List.of());
      Component dispatcher = deployment.start("dispatcher", List.of());
      Component a = deployment.start("grader-worker", deployment.workerDirs("a"));
      Component b = deployment.start("grader-worker", deployment.workerDirs("b"));
      Http http = new Http("http://127.0.0.1:" + api.apiPort(), deployment.staffToken());

      // A program that sleeps, within its limits, well past the consumer timeout when it starts
      // less than 2.5 s after the submission, and answers at once after that: the first worker to
      // take it holds it; the broker takes it back no sooner than the timeout after delivering it.
      double deadline = System.currentTimeMillis() / 1000.0 + 2.5;
      String source =
          String.format(
              Locale.ROOT,
              """
          import time
          if time.time() < %.3f:
              time.sleep(12)
              print("late")
          else:
              print("prompt")
          """,
              deadline);
      Http.Answer answer =
          http.post(
              "/api/v1/submissions",
              Map.of(
                  "language",
                  "python3",
                  "files",
                  List.of(Map.of("name", "main.py", "content", source)),
                  "stdin",
                  "",
                  "expectedOutput",
                  "prompt\n",
                  "limits",
                  Map.of("timeLimitMs", 1000, "wallTimeMs", 20_000)));
      assertThat(answer.status()).as("%s", answer.body()).isEqualTo(202);
      String id = answer.body().get("id").asText();
      String holderId =
          await()
              .atMost(Duration.ofSeconds(30))
              .pollInterval(Duration.ofMillis(50))
              .until(() -> deployment.runnerOf(id), worker -> !worker.isEmpty());
      Component holder = holderId.contains("-" + a.pid() + "-") ? a : b;
      Component other = holder == a ? b : a;
      long heldAt = System.nanoTime();

      Graded.assertEveryOneDoneOnce(store(), Map.of(id, "ACCEPTED"), Duration.ofSeconds(60));
      Submission graded = store().find(id).orElseThrow();
      assertThat(graded.result().workerId()).as("graded by another").isNotEqualTo(holderId);
      Duration elsewhere = Duration.ofNanos(System.nanoTime() - heldAt);

      // The holder ends its run and reports it late; the dispatcher drops the late result. Only
      // then, its slot's thread free again, does the holder open a new channel.
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  dispatcher.output().contains("Submission(id=" + id + ") is already DONE")
                      && holder.output().contains("had its channel closed by the broker"));
      Graded.assertEveryOneDoneOnce(store(), Map.of(id, "ACCEPTED"), Duration.ofSeconds(5));
      assertThat(store().find(id).orElseThrow().result().workerId())
          .isEqualTo(graded.result().workerId());

      // The holder consumes again: with the other worker stopped, it grades what comes next.
      assertThat(deployment.stop(other)).as("the other worker's exit").isEqualTo(143);
      Http.Answer next = http.submitPython(Programs.PY_ACCEPTED);
      assertThat(next.status()).isEqualTo(202);
      String nextId = next.body().get("id").asText();
      Graded.assertEveryOneDoneOnce(store(), Map.of(nextId, "ACCEPTED"), Duration.ofSeconds(60));
      assertThat(store().find(nextId).orElseThrow().result().workerId())
          .contains("-" + holder.pid() + "-");
      System.out.printf(
          "consumer timeout %d ms: the held task graded elsewhere %d ms after its run began%n",
          CONSUMER_TIMEOUT_MS, elsewhere.toMillis());
    }
  }

  private static SubmissionStore store() {
    return new SubmissionStore(services.mongo().database(), new MetricRegistry());
  }
}
