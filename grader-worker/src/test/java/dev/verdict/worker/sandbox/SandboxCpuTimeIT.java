package dev.verdict.worker.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A run's CPU time is the program's own, with every backend the native launcher starts (the shell
 * chain measures nothing of the sandbox's own processes and charges the program with all of it).
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.verdict.worker.sandbox.SandboxMode#measuringTheSandboxsOwnCpu")
class SandboxCpuTimeIT extends SandboxTestSupport {

  @Test
  void a_runs_cpu_time_is_the_programs_own_not_the_sandboxs() {
    // why: building and tearing down the sandbox costs its own processes several ms of CPU time in
    // the run's cgroups (4.5 ms with bubblewrap before it was left out); charged to the program, it
    // made every run dearer and short runs' times depend on how busy the other cores were.
    assertThat(leastCpuTimeOfTrueMs()).isPositive().isLessThan(2.0);
  }
}
