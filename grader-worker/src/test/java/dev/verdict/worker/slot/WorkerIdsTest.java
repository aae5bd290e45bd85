package dev.verdict.worker.slot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class WorkerIdsTest {

  @Test
  void an_id_names_the_host_and_this_process() {
    String id = WorkerIds.next("grader-3");

    assertThat(WorkerIds.pidOn("grader-3", id)).hasValue(ProcessHandle.current().pid());
  }

  @Test
  void an_id_is_the_host_name_the_pid_and_random_hex() {
    assertThat(WorkerIds.next("box")).matches("box-\\d+-[0-9a-f]+");
  }

  @Test
  void an_id_of_another_host_has_no_pid_here() {
    assertThat(WorkerIds.pidOn("box", "other-123-ab")).isEmpty();
    assertThat(WorkerIds.pidOn("box", "box-2-123-ab")).as("host box-2").isEmpty();
    assertThat(WorkerIds.pidOn("box-2", "box-123-ab")).isEmpty();
  }

  @Test
  void ids_of_another_form_have_no_pid() {
    assertThat(WorkerIds.pidOn("box", "worker-1")).isEmpty();
    assertThat(WorkerIds.pidOn("box", "box-12")).isEmpty();
    assertThat(WorkerIds.pidOn("box", "box-12-")).isEmpty();
    assertThat(WorkerIds.pidOn("box", "box--ab")).isEmpty();
    assertThat(WorkerIds.pidOn("box", "box-x1-ab")).isEmpty();
    assertThat(WorkerIds.pidOn("box", null)).isEmpty();
  }

  @Test
  void a_host_name_with_dashes_is_read_whole() {
    assertThat(WorkerIds.pidOn("my-box-1", "my-box-1-4242-0f3a")).isEqualTo(OptionalLong.of(4242));
  }
}
