package dev.verdict.worker.sandbox;

import static dev.verdict.worker.sandbox.Limits.limits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.common.limits.ResourceLimits;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Nothing of a run survives it: when {@link Sandbox#run} returns, no process of the slot's uid is
 * left on the host and the backend holds nothing more for the run, however the run ended.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.verdict.worker.sandbox.SandboxMode#all")
class SandboxCleanupIT extends SandboxTestSupport {
  private static final String DAEMONS =
      "setsid sh -c 'exec sleep 1000' </dev/null >/dev/null 2>&1 & (sleep 1000 &); ";

  /** Daemons that end soon after the script: a run lasts until every process of it has ended. */
  private static final String SHORT_DAEMONS =
      "setsid sh -c 'exec sleep 0.1' </dev/null >/dev/null 2>&1 & (sleep 0.1 &); ";

  private void assertNothingLeftAfter(String script, ResourceLimits limits, Termination expected) {
    String daemons = expected == Termination.EXITED ? SHORT_DAEMONS : DAEMONS;
    RunResult result = sh(daemons + script, limits);

    assertThat(result.termination()).as("stderr: %s", err(result)).isEqualTo(expected);
    assertThat(HostProcesses.ofUid(fixture.uid(0))).as("processes after " + expected).isEmpty();
    assertThat(fixture.leftovers(0)).as("leftovers after " + expected).isEmpty();
  }

  @Test
  void nothing_survives_a_run_that_exits() {
    assertNothingLeftAfter("exit 0", LIMITS, Termination.EXITED);
  }

  @Test
  void nothing_survives_a_run_stopped_at_its_cpu_time_limit() {
    assertNothingLeftAfter(
        "while :; do :; done", limits().cpuMs(300).build(), Termination.CPU_TIME_LIMIT);
  }

  @Test
  void nothing_survives_a_run_stopped_at_its_wall_time_limit() {
    assertNothingLeftAfter("sleep 1000", limits().wallMs(300).build(), Termination.WALL_TIME_LIMIT);
  }

  @Test
  void nothing_survives_a_run_stopped_at_its_output_limit() {
    assertNothingLeftAfter("yes", limits().outputKb(16).build(), Termination.OUTPUT_LIMIT);
  }

  @Test
  void nothing_survives_a_run_stopped_at_its_memory_limit() {
    assertNothingLeftAfter(
        "exec python3 -c \"x = b'x' * (200 << 20)\"",
        limits().memoryMb(64).build(),
        Termination.MEMORY_LIMIT);
  }

  @Test
  void nothing_survives_many_runs_in_a_row() {
    for (int i = 0; i < 20; i++) {
      RunResult result = sh(SHORT_DAEMONS + "echo " + i);
      assertThat(out(result)).isEqualTo(i + "\n");
    }
    assertThat(HostProcesses.ofUid(fixture.uid(0))).isEmpty();
    assertThat(fixture.leftovers(0)).isEmpty();
  }

  @Test
  void a_failed_start_leaves_nothing_either() {
    RunRequest missingBind =
        new RunRequest(
            List.of("/bin/true"),
            box,
            false,
            null,
            LIMITS,
            List.of("/nonexistent/verdict-path"),
            Map.of());

    assertThatThrownBy(() -> sandbox.run(missingBind)).isInstanceOf(SandboxException.class);
    assertThat(HostProcesses.ofUid(fixture.uid(0))).isEmpty();
    assertThat(fixture.leftovers(0)).isEmpty();
  }
}
