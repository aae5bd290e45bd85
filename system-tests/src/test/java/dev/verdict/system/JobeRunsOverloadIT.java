package dev.verdict.system;

import static dev.verdict.system.JobeClient.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.common.access.Role;
import dev.verdict.common.testing.ServicesExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The facade's bounded waits, on one grader slot: a run that no slot starts within {@code
 * jobe.queueWaitMs} is answered 21 (server overload), and one that started but reports no result
 * within {@code jobe.runWaitMs} is answered 20 (internal error), as Jobe answers both.
 */
class JobeRunsOverloadIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perClass();

  @TempDir static Path temp;

  @Test
  void a_run_left_queued_is_21_and_one_without_a_result_in_time_is_20() throws Exception {
    List<String> oneSlot =
        List.of(
            "worker.cores=1", "worker.prefetch=1", "jobe.queueWaitMs=2000", "jobe.runWaitMs=1000");
    try (VerdictCluster cluster = VerdictCluster.start(services, temp, oneSlot)) {
      JobeClient jobe = new JobeClient(cluster.baseUrl(), cluster.token("coderunner", Role.STAFF));
      Map<String, Object> sleeper =
          spec("python3", "import time\ntime.sleep(4)\n", "parameters", Map.of("cputime", 3));

      CompletableFuture<JobeClient.Answer> first =
          CompletableFuture.supplyAsync(() -> jobe.run(sleeper));
      CompletableFuture<JobeClient.Answer> second =
          CompletableFuture.supplyAsync(() -> jobe.run(sleeper));

      List<JobeClient.Answer> answers = List.of(first.join(), second.join());
      assertThat(answers)
          .extracting(a -> a.body().get("outcome").asInt())
          .containsExactlyInAnyOrder(20, 21);
      JobeClient.Answer late =
          answers.stream().filter(a -> a.body().get("outcome").asInt() == 20).findFirst().get();
      assertThat(late.body().get("stderr").asText()).contains("no result");
    }
  }
}
