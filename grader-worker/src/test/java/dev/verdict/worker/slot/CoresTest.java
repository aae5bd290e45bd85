package dev.verdict.worker.slot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CoresTest {

  @Test
  void a_kernel_cpu_list_is_parsed_with_ranges() {
    assertThat(Cores.parseList("0-3,6,8-9")).containsExactly(0, 1, 2, 3, 6, 8, 9);
    assertThat(Cores.parseList("5")).containsExactly(5);
  }

  @Test
  void reserved_cores_are_the_lowest_and_left_out() {
    assertThat(Cores.usable(List.of(0, 1, 2, 3), 1)).containsExactly(1, 2, 3);
    assertThat(Cores.usable(List.of(0, 1), 0)).containsExactly(0, 1);
  }

  @Test
  void at_least_one_core_must_stay_for_grading() {
    assertThatThrownBy(() -> Cores.usable(List.of(0, 1), 2))
        .hasMessageContaining("cannot reserve 2 of 2 cores");
  }

  @Test
  void zero_cores_means_every_usable_one_and_more_than_usable_is_refused() {
    assertThat(Cores.wanted(List.of(1, 2, 3), 0)).isEqualTo(3);
    assertThat(Cores.wanted(List.of(1, 2, 3), 2)).isEqualTo(2);
    assertThatThrownBy(() -> Cores.wanted(List.of(1), 2)).hasMessageContaining("only 1 cores");
  }

  @Test
  void this_process_is_allowed_some_cores() {
    assertThat(Cores.allowed()).isNotEmpty().allMatch(core -> core >= 0);
  }
}
