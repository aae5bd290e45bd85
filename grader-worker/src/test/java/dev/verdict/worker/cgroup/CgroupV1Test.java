package dev.verdict.worker.cgroup;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CgroupV1Test {
  @Test
  void missing_controllers_are_named() {
    Path dir = Path.of("/sys/fs/cgroup/memory");
    CgroupMounts mounts = new CgroupMounts(Map.of("memory", dir, "cpuacct", dir), null, false);

    assertThatThrownBy(() -> CgroupV1.create(mounts, "verdict"))
        .isInstanceOf(CgroupException.class)
        .hasMessageContaining("[pids, cpuset]")
        .hasMessageContaining("not mounted");
  }
}
