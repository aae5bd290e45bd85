package dev.verdict.worker.sandbox;

import static dev.verdict.worker.sandbox.Limits.limits;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Docker run killed at its time limit returns only once every process of it has been reaped. The
 * kill orphans the run's children to the container's init, and until the init has reaped them they
 * are zombies of the slot's uid on the host; with the init stopped, they stay so for as long as the
 * test wants.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.verdict.worker.sandbox.SandboxMode#dockerOnly")
class DockerRunReapIT extends SandboxTestSupport {

  @Test
  void a_killed_run_returns_only_once_its_init_has_reaped_what_the_kill_orphaned()
      throws Exception {
    assertThat(sh("true").succeeded()).as("the run that makes the slot's container").isTrue();
    long init = containerInit();
    ExecutorService runner = Executors.newSingleThreadExecutor();
    try {
      signal(init, "STOP");
      Future<RunResult> run =
          runner.submit(
              () ->
                  sh("for i in 1 2 3 4; do sleep 1000 & done; wait", limits().wallMs(300).build()));
      await()
          .atMost(30, SECONDS)
          .untilAsserted(
              () ->
                  assertThat(HostProcesses.ofUid(fixture.uid(0)))
                      .as("the killed run's processes, orphaned to the stopped init")
                      .hasSize(4)
                      .allMatch(process -> process.contains(" Z (zombie)")));
      await()
          .during(1, SECONDS)
          .atMost(2, SECONDS)
          .untilAsserted(
              () -> assertThat(run).as("the run while its zombies wait for the init").isNotDone());
      signal(init, "CONT");

      RunResult result = run.get(30, SECONDS);
      assertThat(HostProcesses.ofUid(fixture.uid(0)))
          .as("processes once the run returned")
          .isEmpty();
      assertThat(result.termination()).isEqualTo(Termination.WALL_TIME_LIMIT);
    } finally {
      signal(init, "CONT");
      runner.shutdownNow();
    }
  }

  /** The host pid of the slot's container's init, its keeper's docker-init. */
  private long containerInit() {
    String id = ((DockerSandboxFixture) fixture).sandbox(0).containerId();
    return DockerSandboxFixture.engine()
        .client()
        .inspectContainerCmd(id)
        .exec()
        .getState()
        .getPidLong();
  }

  private static void signal(long pid, String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
    assertThat(kill.waitFor()).as("kill -%s %d", signal, pid).isZero();
  }
}
