package dev.verdict.worker.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunResultTest {
  private static RunResult result(Termination termination, int exitCode, String reason) {
    return new RunResult(termination, exitCode, 1, 2, 3, new byte[0], new byte[0], reason);
  }

  @Test
  void a_program_that_ended_by_itself_has_no_stop_reason() {
    assertThat(result(Termination.EXITED, 0, "ignored").stopReason()).isNull();
    assertThat(result(Termination.EXITED, 0, null).succeeded()).isTrue();
    assertThat(result(Termination.EXITED, 1, null).succeeded()).isFalse();
  }

  @Test
  void a_stopped_run_keeps_its_specific_reason_or_gets_a_generic_one() {
    assertThat(result(Termination.OUTPUT_LIMIT, 153, "file size limit").stopReason())
        .isEqualTo("file size limit");
    assertThat(result(Termination.CPU_TIME_LIMIT, 137, null).stopReason())
        .isEqualTo("cpu time limit");
    assertThat(
            new RunResult(Termination.WALL_TIME_LIMIT, 137, 1, 2, 3, new byte[0], new byte[0])
                .stopReason())
        .isEqualTo("wall time limit");
    assertThat(result(Termination.MEMORY_LIMIT, 137, null).succeeded()).isFalse();
  }

  @Test
  void exit_statuses_above_128_are_read_as_signals() {
    assertThat(result(Termination.EXITED, 139, null).signal()).isEqualTo(11);
    assertThat(result(Termination.EXITED, 128, null).signal()).isZero();
    assertThat(result(Termination.EXITED, 3, null).signal()).isZero();
  }
}
