package dev.verdict.worker.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The v2 driver against a real cgroup2 filesystem, mounted by the test on a temp dir. On this
 * hybrid host the memory, pids and cpuset controllers are bound to v1, so the v2 hierarchy has none
 * of them: the driver must refuse it by name. What a v2 run does is in {@link RunCgroupContractIT}.
 * Needs root; fails without it.
 */
class CgroupV2IT {
  @TempDir Path temp;
  private Cgroup2Mount mount;

  @BeforeEach
  void mountCgroup2() throws Exception {
    mount = new Cgroup2Mount(temp);
  }

  @AfterEach
  void unmount() throws Exception {
    mount.close();
  }

  @Test
  void the_driver_refuses_a_v2_hierarchy_without_its_controllers_and_names_them() throws Exception {
    CgroupMounts mounts = mount.mounts();
    String ownBefore = Files.readString(Path.of("/proc/self/cgroup"));

    assertThat(mounts.unified()).isTrue();
    assertThatThrownBy(() -> CgroupV2.create(mounts, "verdict-it-v2"))
        .isInstanceOf(CgroupException.class)
        .hasMessageContaining("cgroup v2 controller(s) [memory, pids, cpuset] not available in")
        .hasMessageContaining(mounts.unifiedDir().toString());
    assertThat(mounts.unifiedDir().resolve("verdict-it-v2")).doesNotExist();
    assertThat(mounts.unifiedDir().resolve("verdict-it-v2-worker")).doesNotExist();
    assertThat(Files.readString(Path.of("/proc/self/cgroup"))).isEqualTo(ownBefore);
  }
}
