package dev.verdict.worker.cgroup;

import java.nio.file.Path;

/**
 * Creates the cgroups that limit and measure sandboxed runs. Two implementations: cgroup v1
 * (separate hierarchies per controller) and cgroup v2 (one unified hierarchy). Both nest under the
 * worker's own cgroup, so the same code works on a host, in a container and in a Kubernetes pod.
 */
public interface CgroupDriver extends AutoCloseable {

  /** E.g. "cgroup v1 (memory, pids, cpuacct, cpuset under /sys/fs/cgroup)". */
  String describe();

  /**
   * The cgroups of one slot, whose runs are bound to {@code core}. Removes anything a previous
   * worker left for this core first, killing the processes still in it: a core is held by one slot
   * on a host, so whatever is under it belongs to a worker that is gone.
   *
   * @throws CgroupException when a needed controller is missing or not writable
   */
  SlotCgroup forSlot(int slot, int core);

  /**
   * Removes the driver's group directory if no cgroup is left below it. The group is shared by
   * every worker of the host (each under the cores it leased), so the last one to stop removes it;
   * what is left under this worker's cores is its slots' to remove. Call it after every slot is
   * closed.
   */
  @Override
  void close();

  /**
   * Finds which cgroup version this machine uses, logs it, and checks that the controllers Verdict
   * needs are there; fails loudly rather than running without limits.
   *
   * @param group the folder name under the worker's own cgroup, e.g. {@code verdict}
   * @throws CgroupException naming what is missing
   */
  static CgroupDriver detect(String group) {
    return CgroupDetection.detect(
        Path.of("/proc/self/mountinfo"), Path.of("/proc/self/cgroup"), group);
  }
}
