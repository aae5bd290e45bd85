package dev.verdict.worker.sandbox;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.model.Container;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker killed in the middle of a run leaves its slots' containers on the engine, the run still
 * going in one of them; the next worker removes them: each of its sandboxes removes its own slot's
 * container when it is made, and its sweep removes the containers of slots it does not have.
 */
class DockerWorkerKillIT {
  private static final int UID = 63_000 + 2 * ThreadLocalRandom.current().nextInt(1_000);

  @TempDir Path temp;

  private final String owner = "verdict-it-kill-" + Integer.toHexString(UID);

  @Test
  void the_next_worker_removes_what_a_worker_killed_mid_run_left() throws Exception {
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    DockerEngine engine = DockerSandboxFixture.engine();
    Process worker = startWorker();
    try {
      await()
          .atMost(60, SECONDS)
          .untilAsserted(
              () -> {
                assertThat(worker.isAlive()).as("the worker runs").isTrue();
                assertThat(HostProcesses.ofUid(UID)).as("slot a's run").isNotEmpty();
              });
    } finally {
      worker.destroyForcibly();
      worker.waitFor();
    }

    assertThat(containers(engine)).as("containers the killed worker left").hasSize(2);
    assertThat(HostProcesses.ofUid(UID)).as("the killed worker's run").isNotEmpty();

    DockerSandbox next = KilledDockerWorker.sandbox(engine, temp, owner, "a", UID);
    try {
      assertThat(next.containers()).as("slot a's container once slot a is made again").isEmpty();
      assertThat(engine.sweep(owner)).as("what the sweep removed").hasSize(1);
      assertThat(containers(engine)).as("containers after the sweep").isEmpty();
      await()
          .atMost(10, SECONDS)
          .untilAsserted(() -> assertThat(HostProcesses.ofUid(UID)).isEmpty());
      Path work = temp.resolve("work");
      RunResult run = next.run(KilledDockerWorker.request("ls -A /box; echo ok", work));
      assertThat(new String(run.stdout(), StandardCharsets.UTF_8)).isEqualTo("ok\n");
    } finally {
      next.close();
      engine.sweep(owner);
      WorkArea.release(temp);
    }
    assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(temp.toString());
  }

  private Process startWorker() throws IOException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            KilledDockerWorker.class.getName(),
            owner,
            temp.toString(),
            Integer.toString(UID))
        .redirectErrorStream(true)
        .redirectOutput(temp.resolve("worker.log").toFile())
        .start();
  }

  private List<String> containers(DockerEngine engine) {
    return engine
        .client()
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of(DockerSandbox.LABEL_OWNER, owner))
        .exec()
        .stream()
        .map(Container::getId)
        .toList();
  }
}
