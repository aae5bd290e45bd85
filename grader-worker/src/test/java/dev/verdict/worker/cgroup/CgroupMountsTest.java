package dev.verdict.worker.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where this process's cgroups are, for the layouts a worker meets in practice. */
class CgroupMountsTest {
  private static final String SERVICE = "/system.slice/verdict-worker.service";

  /** systemd on cgroup v1 only (CentOS 7, Ubuntu 18.04): cpu and cpuacct mounted together. */
  private static final List<String> PURE_V1_MOUNTS =
      """
      22 1 253:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw
      25 21 0:23 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755
      26 25 0:24 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:10 - cgroup cgroup rw,xattr,release_agent=/lib/systemd/systemd-cgroups-agent,name=systemd
      29 25 0:27 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:13 - cgroup cgroup rw,cpu,cpuacct
      30 25 0:28 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:14 - cgroup cgroup rw,memory
      31 25 0:29 / /sys/fs/cgroup/pids rw,nosuid,nodev,noexec,relatime shared:15 - cgroup cgroup rw,pids
      32 25 0:30 / /sys/fs/cgroup/cpuset rw,nosuid,nodev,noexec,relatime shared:16 - cgroup cgroup rw,cpuset
      33 25 0:31 / /sys/fs/cgroup/net_cls,net_prio rw,nosuid,nodev,noexec,relatime shared:17 - cgroup cgroup rw,net_cls,net_prio
      """
          .lines()
          .toList();

  private static final List<String> PURE_V1_SELF =
      """
      11:cpuset:/
      10:memory:/system.slice/verdict-worker.service
      9:pids:/system.slice/verdict-worker.service
      4:cpu,cpuacct:/system.slice/verdict-worker.service
      3:net_cls,net_prio:/
      1:name=systemd:/system.slice/verdict-worker.service
      """
          .lines()
          .toList();

  @Test
  void pure_v1_maps_each_controller_to_this_process_own_directory() {
    CgroupMounts mounts = CgroupMounts.parse(PURE_V1_MOUNTS, PURE_V1_SELF);

    assertThat(mounts.unified()).isFalse();
    assertThat(mounts.unifiedDir()).isNull();
    assertThat(mounts.controller("memory")).contains(Path.of("/sys/fs/cgroup/memory" + SERVICE));
    assertThat(mounts.controller("pids")).contains(Path.of("/sys/fs/cgroup/pids" + SERVICE));
    assertThat(mounts.controller("cpuacct"))
        .contains(Path.of("/sys/fs/cgroup/cpu,cpuacct" + SERVICE));
    assertThat(mounts.controller("cpu")).contains(Path.of("/sys/fs/cgroup/cpu,cpuacct" + SERVICE));
    assertThat(mounts.controller("cpuset")).contains(Path.of("/sys/fs/cgroup/cpuset"));
  }

  @Test
  void hybrid_uses_v1_and_still_knows_the_v2_directory() {
    List<String> mounts = new java.util.ArrayList<>(PURE_V1_MOUNTS);
    mounts.add(
        "27 25 0:25 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:11 - cgroup2"
            + " cgroup2 rw,nsdelegate");
    List<String> self = new java.util.ArrayList<>(PURE_V1_SELF);
    self.add("0::" + SERVICE);

    CgroupMounts parsed = CgroupMounts.parse(mounts, self);

    assertThat(parsed.unified()).isFalse();
    assertThat(parsed.unifiedDir()).isEqualTo(Path.of("/sys/fs/cgroup/unified" + SERVICE));
    assertThat(parsed.controller("memory")).contains(Path.of("/sys/fs/cgroup/memory" + SERVICE));
  }

  @Test
  void this_kind_of_host_hybrid_with_a_nested_memory_cgroup_is_v1() {
    List<String> mounts =
        """
        31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
        32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
        33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
        34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
        35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
        39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
        41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
        """
            .lines()
            .toList();
    List<String> self =
        """
        8:pids:/
        4:memory:/process_api/c4bc464ec4aa6c3d44aa302927a81524
        3:cpuset:/
        2:cpuacct:/
        1:cpu:/
        0::/
        """
            .lines()
            .toList();

    CgroupMounts parsed = CgroupMounts.parse(mounts, self);

    assertThat(parsed.unified()).isFalse();
    assertThat(parsed.controller("memory"))
        .contains(Path.of("/sys/fs/cgroup/memory/process_api/c4bc464ec4aa6c3d44aa302927a81524"));
    assertThat(parsed.controller("pids")).contains(Path.of("/sys/fs/cgroup/pids"));
    assertThat(parsed.unifiedDir()).isEqualTo(Path.of("/sys/fs/cgroup/unified"));
  }

  @Test
  void pure_v2_is_unified_with_this_process_own_directory() {
    List<String> mounts =
        List.of(
            "22 1 253:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw",
            "35 24 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2"
                + " cgroup2 rw,nsdelegate,memory_recursiveprot");

    CgroupMounts parsed = CgroupMounts.parse(mounts, List.of("0::" + SERVICE));

    assertThat(parsed.unified()).isTrue();
    assertThat(parsed.unifiedDir()).isEqualTo(Path.of("/sys/fs/cgroup" + SERVICE));
    assertThat(parsed.controllerDirs()).isEmpty();
  }

  @Test
  void in_a_v2_container_with_its_own_cgroup_namespace_the_mount_is_its_directory() {
    List<String> mounts =
        List.of(
            "1286 1281 0:30 / /sys/fs/cgroup ro,nosuid,nodev,noexec,relatime - cgroup2 cgroup"
                + " rw,nsdelegate,memory_recursiveprot");

    CgroupMounts parsed = CgroupMounts.parse(mounts, List.of("0::/"));

    assertThat(parsed.unified()).isTrue();
    assertThat(parsed.unifiedDir()).isEqualTo(Path.of("/sys/fs/cgroup"));
  }

  @Test
  void in_a_v2_pod_sharing_the_hosts_cgroup_namespace_the_mount_root_is_stripped() {
    String pod =
        "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1234.slice/"
            + "cri-containerd-abcd.scope";
    List<String> mounts =
        List.of(
            "1521 1516 0:30 "
                + pod
                + " /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime - cgroup2 cgroup2 rw");

    CgroupMounts parsed = CgroupMounts.parse(mounts, List.of("0::" + pod + "/worker"));

    assertThat(parsed.unified()).isTrue();
    assertThat(parsed.unifiedDir()).isEqualTo(Path.of("/sys/fs/cgroup/worker"));
  }

  @Test
  void in_a_v1_container_the_mount_root_is_stripped_from_each_controller_path() {
    String container = "/docker/3f2a9c0d";
    List<String> mounts =
        List.of(
            "1290 1289 0:28 "
                + container
                + " /sys/fs/cgroup/memory ro,nosuid,nodev,noexec,relatime master:14 - cgroup"
                + " cgroup rw,memory",
            "1291 1289 0:27 "
                + container
                + " /sys/fs/cgroup/cpu,cpuacct ro,nosuid,nodev,noexec,relatime master:13 -"
                + " cgroup cgroup rw,cpu,cpuacct",
            "1292 1289 0:29 "
                + container
                + " /sys/fs/cgroup/pids ro,nosuid,nodev,noexec,relatime master:15 - cgroup cgroup"
                + " rw,pids",
            "1293 1289 0:30 "
                + container
                + " /sys/fs/cgroup/cpuset ro,nosuid,nodev,noexec,relatime master:16 - cgroup"
                + " cgroup rw,cpuset");
    List<String> self =
        List.of(
            "10:memory:" + container + "/grader",
            "4:cpu,cpuacct:" + container,
            "9:pids:" + container,
            "11:cpuset:" + container);

    CgroupMounts parsed = CgroupMounts.parse(mounts, self);

    assertThat(parsed.unified()).isFalse();
    assertThat(parsed.controller("memory")).contains(Path.of("/sys/fs/cgroup/memory/grader"));
    assertThat(parsed.controller("cpuacct")).contains(Path.of("/sys/fs/cgroup/cpu,cpuacct"));
    assertThat(parsed.controller("pids")).contains(Path.of("/sys/fs/cgroup/pids"));
  }

  @Test
  void a_cgroup_outside_the_mounts_root_is_not_visible_there() {
    List<String> mounts =
        List.of(
            "30 25 0:28 /docker/ab /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory");

    CgroupMounts parsed =
        CgroupMounts.parse(mounts, List.of("10:memory:/docker/abc", "9:pids:/../outside"));

    assertThat(parsed.controller("memory")).isEmpty();
    assertThat(parsed.controller("pids")).isEmpty();
  }

  @Test
  void escaped_mount_points_are_unescaped() {
    List<String> mounts =
        List.of("30 25 0:28 / /srv/my\\040cgroups/memory rw,relatime - cgroup cgroup rw,memory");

    CgroupMounts parsed = CgroupMounts.parse(mounts, List.of("10:memory:/a"));

    assertThat(parsed.controller("memory")).contains(Path.of("/srv/my cgroups/memory/a"));
  }

  @Test
  void cgroup2_mounted_elsewhere_with_no_v1_controllers_is_unified() {
    List<String> mounts =
        List.of(
            "26 25 0:24 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,name=systemd",
            "27 25 0:25 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw,nsdelegate");

    CgroupMounts parsed =
        CgroupMounts.parse(mounts, List.of("1:name=systemd:" + SERVICE, "0::" + SERVICE));

    assertThat(parsed.unified()).isTrue();
    assertThat(parsed.unifiedDir()).isEqualTo(Path.of("/sys/fs/cgroup/unified" + SERVICE));
  }
}
