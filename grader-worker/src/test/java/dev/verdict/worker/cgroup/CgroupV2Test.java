package dev.verdict.worker.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.common.config.LimitsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cgroup v2 driver's files, on a plain directory standing for a delegated cgroup (this host's
 * controllers are bound to v1, so a real v2 hierarchy here has none; see CgroupV2IT).
 */
class CgroupV2Test {
  @TempDir Path own;

  private CgroupMounts mounts() {
    return new CgroupMounts(Map.of(), own, true);
  }

  @Test
  void missing_controllers_are_all_named_and_nothing_is_created() throws IOException {
    Files.writeString(own.resolve("cgroup.controllers"), "cpu io memory\n");
    Files.writeString(own.resolve("cgroup.subtree_control"), "");

    assertThatThrownBy(() -> CgroupV2.create(mounts(), "verdict"))
        .isInstanceOf(CgroupException.class)
        .hasMessageContaining("[pids, cpuset]")
        .hasMessageContaining("[cpu, io, memory]");
    try (var entries = Files.list(own)) {
      assertThat(entries.filter(Files::isDirectory)).isEmpty();
    }
  }

  @Test
  void enables_memory_pids_and_cpuset_for_the_group_and_pins_each_slot() throws IOException {
    Files.writeString(own.resolve("cgroup.controllers"), "cpuset cpu io memory hugetlb pids\n");
    Files.writeString(own.resolve("cgroup.subtree_control"), "");

    CgroupV2 driver = CgroupV2.create(mounts(), "verdict");
    SlotCgroup slot = driver.forSlot(0, 1);
    RunCgroup run = slot.newRun(LimitsConfig.DEFAULT_RUN, 2);

    Path group = own.resolve("verdict");
    assertThat(own.resolve("cgroup.subtree_control")).hasContent("+memory +pids +cpuset");
    assertThat(group.resolve("cgroup.subtree_control")).hasContent("+memory +pids +cpuset");
    assertThat(group.resolve("core-1/cpuset.cpus")).hasContent("1");
    assertThat(group.resolve("core-1/cgroup.subtree_control")).hasContent("+memory +pids");
    assertThat(slot.directories()).containsExactly(group.resolve("core-1"));
    Path runDir = group.resolve("core-1/run-1");
    assertThat(runDir.resolve("memory.max")).hasContent(Long.toString(256L << 20));
    assertThat(runDir.resolve("pids.max")).hasContent("66");
    assertThat(run.procsFiles()).containsExactly(runDir.resolve("cgroup.procs"));
    assertThat(driver.describe()).startsWith("cgroup v2 (memory, pids, cpuset)");
  }

  @Test
  void reads_cpu_time_from_usage_usec_and_the_oom_kill_count_from_memory_events()
      throws IOException {
    Files.writeString(
        own.resolve("cpu.stat"), "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\n");
    Files.writeString(
        own.resolve("memory.events"),
        "low 0\nhigh 0\nmax 4\noom 1\noom_kill 1\noom_group_kill 0\n");
    Files.writeString(own.resolve("memory.peak"), "7340032\n");

    RunCgroup run = new CgroupV2.Run(own);

    assertThat(run.cpuNanos()).isEqualTo(1_500_000L);
    assertThat(run.oomKilled()).isTrue();
    assertThat(run.peakMemoryBytes()).isEqualTo(7_340_032L);
  }

  @Test
  void without_memory_peak_the_peak_is_the_highest_memory_current_seen_while_running()
      throws IOException {
    Files.writeString(own.resolve("cpu.stat"), "usage_usec 10\n");
    Files.writeString(own.resolve("memory.events"), "oom 0\noom_kill 0\n");
    RunCgroup run = new CgroupV2.Run(own);

    Files.writeString(own.resolve("memory.current"), "4096\n");
    run.cpuNanos();
    Files.writeString(own.resolve("memory.current"), "12288\n");
    run.cpuNanos();
    Files.writeString(own.resolve("memory.current"), "1024\n");

    assertThat(run.peakMemoryBytes()).isEqualTo(12_288L);
    assertThat(run.oomKilled()).isFalse();
  }
}
