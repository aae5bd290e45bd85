package dev.verdict.loadgen.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessWatchTest {
  @TempDir Path temp;

  @Test
  void a_stat_line_gives_user_plus_system_ticks_even_with_a_name_holding_spaces_and_parens() {
    String stat =
        "4242 (a (weird) name) S 1 4242 4242 0 -1 4194560 500 0 0 0 1234 567 89 10 20 0 31 0 100"
            + " 9000000 2000 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

    assertThat(ProcessWatch.ownTicks(stat)).isEqualTo(1234 + 567);
  }

  @Test
  void the_machine_line_counts_idle_and_iowait_as_not_busy_and_guest_time_once() {
    long[] ticks = ProcessWatch.machineTicks("cpu  100 5 50 800 40 3 2 0 30 0");

    assertThat(ticks[1]).isEqualTo(100 + 5 + 50 + 800 + 40 + 3 + 2);
    assertThat(ticks[0]).isEqualTo(100 + 5 + 50 + 3 + 2);
  }

  @Test
  void this_process_is_watched_by_pid_and_by_pid_file_and_its_cpu_time_grows() throws IOException {
    String self = Long.toString(ProcessHandle.current().pid());
    Path pidFile = Files.writeString(temp.resolve("self.pid"), self + "\n");
    ProcessWatch watch = ProcessWatch.of(Map.of("by-pid", self, "by-file", pidFile.toString()));

    ProcessWatch.Snapshot first = watch.sample();
    long x = 0;
    for (long i = 0; i < 300_000_000L; i++) {
      x += i % 7;
    }
    ProcessUse use = watch.between(first, watch.sample());

    assertThat(x).isPositive();
    assertThat(use.cpuMs()).containsOnlyKeys("by-pid", "by-file");
    assertThat(use.cpuMs().get("by-pid")).isPositive();
    assertThat(use.machineBusyPercent()).isBetween(0.0, 100.0);
  }

  @Test
  void a_name_without_a_running_process_is_refused_naming_it() {
    assertThatThrownBy(() -> ProcessWatch.of(Map.of("api", temp.resolve("none.pid").toString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("api");
  }
}
