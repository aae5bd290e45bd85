package dev.verdict.system;

import static dev.verdict.common.submission.SubmissionState.DONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.message.Verdict;
import dev.verdict.common.submission.Submission;
import dev.verdict.common.submission.SubmissionStore;
import dev.verdict.common.testing.ServicesExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task that kills its worker every time (here the worker is killed with SIGKILL each time it
 * starts the task): the tasks queue counts each delivery its dead consumer returned, dead-letters
 * the task after {@code rabbitmq.taskDeliveryLimit} of them, the dispatcher finishes the submission
 * as INTERNAL_ERROR with the reason, and the queue keeps flowing. Real processes: the API, the
 * dispatcher and each worker run as processes of their own.
 */
class PoisonTaskIT {
  private static final int DELIVERY_LIMIT = 2;

  @RegisterExtension static final ServicesExtension services = ServicesExtension.perClass();

  @TempDir Path temp;

  @Test
  void a_task_that_kills_its_worker_every_time_ends_in_internal_error_and_the_queue_flows()
      throws Exception {
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    // why: the limit is an argument of the queue, which every component declares alike.
    List<String> limit = List.of("rabbitmq.taskDeliveryLimit=" + DELIVERY_LIMIT);
    try (ProcessDeployment deployment = new ProcessDeployment(services, temp)) {
      List<String> worker =
          Stream.concat(limit.stream(), deployment.workerDirs("w").stream()).toList();
      Component api = deployment.start("api", limit);
      deployment.start("dispatcher", limit);
      Http http = new Http("http://127.0.0.1:" + api.apiPort(), deployment.staffToken());
      Http.Answer answer = http.submitPython(Programs.PY_SLOW_SUM);
      assertThat(answer.status()).isEqualTo(202);
      String id = answer.body().get("id").asText();

      int kills = 0;
      Component running = null;
      while (!isDone(id)) {
        assertThat(kills).as("workers killed by the task").isLessThanOrEqualTo(DELIVERY_LIMIT + 1);
        Component next = deployment.start("grader-worker", worker);
        String pid = "-" + next.pid() + "-";
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> isDone(id) || deployment.runnerOf(id).contains(pid));
        if (isDone(id)) {
          running = next;
        } else {
          deployment.kill(next);
          kills++;
        }
      }
      if (running == null) {
        deployment.start("grader-worker", worker);
      }

      Submission poisoned = store().find(id).orElseThrow();
      assertThat(poisoned.result().verdict()).isEqualTo(Verdict.INTERNAL_ERROR);
      assertThat(poisoned.result().error()).contains("abandoned");
      assertThat(poisoned.history().stream().filter(change -> change.state() == DONE)).hasSize(1);
      assertThat(kills).as("workers killed before the task was dead-lettered").isPositive();

      // The queue flows: a worker grades the next submission.
      Http.Answer next = http.submitPython(Programs.PY_ACCEPTED);
      assertThat(next.status()).isEqualTo(202);
      Graded.assertEveryOneDoneOnce(
          store(), Map.of(next.body().get("id").asText(), "ACCEPTED"), Duration.ofSeconds(60));
      System.out.printf(
          "poison task: dead-lettered after %d workers were killed (delivery limit %d)%n",
          kills, DELIVERY_LIMIT);
    }
  }

  private static boolean isDone(String id) {
    return store().find(id).map(s -> s.state() == DONE).orElse(false);
  }

  private static SubmissionStore store() {
    return new SubmissionStore(services.mongo().database(), new MetricRegistry());
  }
}
