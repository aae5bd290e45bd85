package dev.verdict.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.common.config.VerdictConfig;
import dev.verdict.common.metrics.Metrics;
import dev.verdict.common.testing.ServicesExtension;
import dev.verdict.worker.GraderWorker;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Several worker processes on one host share its cores without ever sharing one. */
class CoreLeasingIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perTest();

  @TempDir Path temp;

  @Test
  void a_second_worker_takes_the_remaining_core_and_a_third_finds_none() throws Exception {
    try (VerdictCluster cluster = VerdictCluster.start(services, temp, List.of("worker.cores=1"))) {
      VerdictConfig second =
          services.config(
              "worker.cores=1",
              "worker.adminPort=0",
              "worker.workDir=" + temp.resolve("work2"),
              "worker.cacheDir=" + temp.resolve("cache2"));
      try (GraderWorker another = GraderWorker.start(second, Metrics.of("verdict-it.worker2"))) {
        assertThat(another.cores()).hasSize(1).doesNotContainAnyElementsOf(cluster.worker.cores());

        assertThatThrownBy(() -> GraderWorker.start(second, Metrics.of("verdict-it.worker2")))
            .hasMessageContaining("is leased by another worker");
      }
    }
  }
}
