package dev.verdict.worker.sandbox;

import static dev.verdict.worker.sandbox.Limits.limits;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.common.limits.ResourceLimits;
import org.junit.jupiter.api.Test;

class StopsTest {
  private static final ResourceLimits LIMITS =
      limits().cpuMs(1_000).wallMs(3_000).memoryMb(64).outputKb(16).fileSizeKb(128).build();

  private static Stops.Stop classify(
      boolean out, Termination stoppedBy, long cpuMs, boolean oom, int exit) {
    return Stops.classify(
        new Stops.Observed(out, stoppedBy, cpuMs * 1_000_000L, oom, exit), LIMITS);
  }

  @Test
  void a_program_that_ended_by_itself_exited_without_a_reason() {
    assertThat(classify(false, null, 10, false, 3))
        .isEqualTo(new Stops.Stop(Termination.EXITED, null));
    assertThat(classify(false, null, 10, false, 128 + 11).termination())
        .isEqualTo(Termination.EXITED);
  }

  @Test
  void too_much_stdout_is_an_output_limit_naming_the_stream() {
    assertThat(classify(true, null, 10, false, 137))
        .isEqualTo(
            new Stops.Stop(Termination.OUTPUT_LIMIT, "output limit: stdout went over 16 KB"));
  }

  @Test
  void sigxfsz_is_an_output_limit_naming_the_file_size_limit() {
    assertThat(classify(false, null, 10, false, 128 + Stops.SIGXFSZ))
        .isEqualTo(
            new Stops.Stop(
                Termination.OUTPUT_LIMIT, "file size limit: a file reached 128 KB (SIGXFSZ)"));
  }

  @Test
  void cpu_time_over_the_limit_counts_even_when_the_program_exited() {
    assertThat(classify(false, null, 1_001, false, 0).termination())
        .isEqualTo(Termination.CPU_TIME_LIMIT);
    assertThat(classify(false, Termination.CPU_TIME_LIMIT, 999, false, 137).reason())
        .isEqualTo("cpu time limit: its processes used more than 1000 ms");
  }

  @Test
  void the_wall_time_limit_and_the_oom_killer_are_reported_with_their_limits() {
    assertThat(classify(false, Termination.WALL_TIME_LIMIT, 5, false, 137))
        .isEqualTo(
            new Stops.Stop(
                Termination.WALL_TIME_LIMIT, "wall time limit: it ran longer than 3000 ms"));
    assertThat(classify(false, null, 5, true, 137))
        .isEqualTo(
            new Stops.Stop(
                Termination.MEMORY_LIMIT, "memory limit: its processes needed more than 64 MB"));
  }

  @Test
  void output_comes_before_memory_before_cpu_time_before_wall_time_before_file_size() {
    assertThat(classify(true, Termination.CPU_TIME_LIMIT, 2_000, true, 153).termination())
        .isEqualTo(Termination.OUTPUT_LIMIT);
    assertThat(classify(false, Termination.WALL_TIME_LIMIT, 2_000, true, 153).termination())
        .isEqualTo(Termination.MEMORY_LIMIT);
    assertThat(classify(false, Termination.WALL_TIME_LIMIT, 2_000, false, 153).termination())
        .isEqualTo(Termination.CPU_TIME_LIMIT);
    assertThat(classify(false, Termination.WALL_TIME_LIMIT, 5, false, 153).termination())
        .isEqualTo(Termination.WALL_TIME_LIMIT);
  }
}
