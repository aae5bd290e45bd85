package dev.verdict.worker.cgroup;

import java.nio.file.Path;

/**
 * Creates the cgroups that limit and measure sandboxed runs. Two implementations: cgroup v1
 * (separate hierarchies per controller) and cgroup v2 (one unified hierarchy). Both nest under the
 * worker's own cgroup, so the same code works on a host, in a container and in a Kubernetes pod.
 */
public interface CgroupDriver {

  /** E.g. "cgroup v1 (memory, pids, cpuacct, cpuset under /sys/fs/cgroup)". */
  String describe();

  /**
   * The cgroups of one slot, whose runs are bound to {@code core}. Removes anything a previous
   * worker left for this slot.
   *
   * @throws CgroupException when a needed controller is missing or not writable
   */
  SlotCgroup forSlot(int slot, int core);

  /**
   * Finds which cgroup version this machine uses and checks that the controllers Verdict needs are
   * there; fails loudly rather than running without limits.
   *
   * @param group the folder name under the worker's own cgroup, e.g. {@code verdict}
   */
  static CgroupDriver detect(String group) {
    Path mountinfo = Path.of("/proc/self/mountinfo");
    Path self = Path.of("/proc/self/cgroup");
    CgroupMounts mounts = CgroupMounts.read(mountinfo, self);
    return mounts.unified() ? CgroupV2.create(mounts, group) : CgroupV1.create(mounts, group);
  }
}
