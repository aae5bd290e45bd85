package dev.verdict.worker.sandbox;

import static dev.verdict.worker.sandbox.Limits.limits;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.common.limits.ResourceLimits;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * When a run ends: by default when its last process has, so a child still printing is waited for;
 * for a request that ends with its program (Jobe's runs), when the program's first process does,
 * whatever it left running killed then. {@link SandboxTestSupport} checks after each test that no
 * process of the run is left.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.verdict.worker.sandbox.SandboxMode#all")
class SandboxRunEndIT extends SandboxTestSupport {
  private static final ResourceLimits LIMITS = limits().cpuMs(1_000).wallMs(20_000).build();

  /** Three children that spin forever, then the program's output and its own exit status. */
  private static final String LEAVES_SPINNING_CHILDREN =
      "for i in 1 2 3; do (while :; do :; done) & done; echo done; exit 3";

  private RunResult run(String script, boolean endsWithProgram) {
    return sandbox.run(
        request(List.of("/bin/sh", "-c", script), box, false, LIMITS)
            .endingWithProgram(endsWithProgram));
  }

  @Test
  void a_run_that_ends_with_its_program_ends_with_its_exit_status_and_kills_what_it_left() {
    RunResult result = run(LEAVES_SPINNING_CHILDREN, true);

    assertThat(result.termination()).as("stderr: %s", err(result)).isEqualTo(Termination.EXITED);
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.stopReason()).isNull();
    assertThat(out(result)).isEqualTo("done\n");
  }

  @Test
  void a_program_killed_by_a_signal_ends_its_run_with_that_signal() {
    RunResult result = run("(while :; do :; done) & kill -SEGV $$", true);

    assertThat(result.termination()).isEqualTo(Termination.EXITED);
    assertThat(result.signal()).isEqualTo(11);
    assertThat(result.stopReason()).isNull();
  }

  @Test
  void by_default_a_child_that_outlives_the_program_still_writes_its_part() {
    RunResult result = run("(sleep 0.2; echo late) & echo early", false);

    assertThat(result.succeeded()).as("stderr: %s", err(result)).isTrue();
    assertThat(out(result)).isEqualTo("early\nlate\n");
  }

  @Test
  void the_sandbox_runs_a_default_run_as_before_after_a_run_that_ended_with_its_program()
      throws Exception {
    run(LEAVES_SPINNING_CHILDREN, true);

    assertStillWorks();
  }
}
