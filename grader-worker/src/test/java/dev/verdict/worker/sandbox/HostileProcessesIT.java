package dev.verdict.worker.sandbox;

import static dev.verdict.worker.sandbox.Limits.limits;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.common.limits.ResourceLimits;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Programs that try to end their run early or to leave work behind it: a run lasts until every
 * process of it has ended, or until a limit ends them all, whatever the program's first process
 * does; and afterwards the same sandbox runs an ordinary program correctly.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.verdict.worker.sandbox.SandboxMode#all")
class HostileProcessesIT extends SandboxTestSupport {
  // why: far above the CPU limit, so that a spinning program is stopped by the CPU limit even on
  // a busy machine (see HostileResourcesIT.SHORT).
  private static final ResourceLimits SHORT = limits().cpuMs(500).wallMs(20_000).build();

  @Test
  void a_child_that_prints_after_its_parent_exited_is_waited_for_and_its_output_counts()
      throws Exception {
    String late = compileC("late", ProcessPrograms.LATE_CHILD);

    RunResult result = exec(LIMITS, late, "300");

    assertThat(result.termination()).as("stderr: %s", err(result)).isEqualTo(Termination.EXITED);
    assertThat(result.exitCode()).isZero();
    assertThat(out(result)).isEqualTo("parent\nchild\n");
    assertThat(result.wallTimeMs()).isGreaterThanOrEqualTo(300);
    assertReported(result);
    assertStillWorks();
  }

  @Test
  void a_child_sleeping_past_the_limit_after_its_parent_exited_makes_the_run_exceed_it()
      throws Exception {
    String late = compileC("late", ProcessPrograms.LATE_CHILD);

    RunResult result = exec(limits().wallMs(600).build(), late, "100000");

    assertThat(result.termination()).isEqualTo(Termination.WALL_TIME_LIMIT);
    assertThat(result.wallTimeMs()).isGreaterThanOrEqualTo(600);
    assertThat(out(result)).isEqualTo("parent\n");
    assertReported(result);
    assertStillWorks();
  }

  @Test
  void a_double_forked_daemon_that_computes_is_charged_and_stopped_at_the_cpu_limit()
      throws Exception {
    String daemon = compileC("daemon", ProcessPrograms.SPINNING_DAEMON);

    RunResult result = exec(SHORT, daemon);

    assertThat(result.termination())
        .as("stderr: %s", err(result))
        .isEqualTo(Termination.CPU_TIME_LIMIT);
    // why: the run is stopped when the cgroups' whole counter reaches the limit; the time reported
    // leaves out the sandbox's own share, a few milliseconds, so it may end just under 500 ms.
    assertThat(result.cpuTimeMs()).isGreaterThanOrEqualTo(450);
    assertThat(out(result)).isEqualTo("detached\n");
    assertReported(result);
    assertStillWorks();
  }

  @Test
  void a_program_that_stops_its_parent_and_its_process_group_is_still_stopped_at_its_limit()
      throws Exception {
    String stopper = compileC("stopper", ProcessPrograms.STOPPER);

    RunResult spinning =
        exec(mode.docker() ? limits().cpuMs(500).wallMs(1_500).build() : SHORT, stopper, "spin");
    RunResult stopped = exec(limits().wallMs(600).build(), stopper, "group");

    // why: in the Docker sandbox the run's first process has its parent (the engine's exec) outside
    // the container's PID namespace, so getppid() is 0 and stopping "the parent" stops the
    // program's own process group: "spin" stops itself, and the run ends at its wall time limit.
    assertThat(spinning.termination())
        .isEqualTo(mode.docker() ? Termination.WALL_TIME_LIMIT : Termination.CPU_TIME_LIMIT);
    assertThat(stopped.termination()).isEqualTo(Termination.WALL_TIME_LIMIT);
    assertReported(spinning);
    assertReported(stopped);
    assertStillWorks();
  }

  @Test
  void files_left_in_tmp_are_charged_to_the_program_when_the_sandbox_tears_them_down()
      throws Exception {
    // why: the sandbox frees what the program left on its tmpfs after the program has exited, in
    // the sandbox's own process, whose CPU time is left out of the program's; 60,000 files made
    // that teardown cost about 75 ms, charged to nobody. Beyond what tearing down an empty
    // sandbox costs, it is now the program's.
    // The Docker sandbox empties the container's tmpfs from the host after the run, in the
    // worker's thread: that thread's CPU time for it is added to the run's when the run left
    // anything behind.
    String litter = compileC("litter", ProcessPrograms.LITTER);

    RunResult result = exec(limits().cpuMs(10_000).wallMs(60_000).build(), litter, "40000");

    assertThat(result.succeeded()).as("stderr: %s", err(result)).isTrue();
    String[] figures = out(result).trim().split(" ");
    long made = Long.parseLong(figures[0]);
    double ownMs = Double.parseDouble(figures[1]);
    assertThat(made).isGreaterThanOrEqualTo(10_000);
    // why: freeing a tmpfs file costs about 1.6 us here; half of that is a margin for faster
    // machines, and still about ten times what an empty sandbox's teardown costs.
    assertThat(result.cpuTimeMs() - ownMs).isGreaterThanOrEqualTo(made * 0.0008);
    assertReported(result);
    assertStillWorks();
  }

  @Test
  void cannot_see_nor_leave_its_cgroups() throws IOException {
    // why: a process that moved itself to another cgroup would escape the run's limits, its
    // measurement and its kill. The run's cgroups are the root of its cgroup namespace, and no
    // cgroup file system is there to write to (no /sys, and mounting is refused).
    RunResult result =
        sh(
            "grep -v ':/$' /proc/self/cgroup; ls /sys/fs/cgroup 2>/dev/null;"
                + " mount -t cgroup2 none /tmp 2>/dev/null && echo mounted; echo end");

    assertThat(out(result)).isEqualTo("end\n");
    assertStillWorks();
  }
}
