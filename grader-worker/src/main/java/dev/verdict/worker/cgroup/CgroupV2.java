package dev.verdict.worker.cgroup;

import dev.verdict.common.limits.ResourceLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * cgroup v2: one unified hierarchy. Layout under the worker's own cgroup:
 *
 * <pre>
 * &lt;own&gt;/&lt;group&gt;-worker                the worker's own processes, when they must move (below)
 * &lt;own&gt;/&lt;group&gt;/core-&lt;n&gt;             cpuset.cpus = n
 * &lt;own&gt;/&lt;group&gt;/core-&lt;n&gt;/run-&lt;k&gt;     memory.max, memory.swap.max, pids.max; one per run
 * </pre>
 *
 * <p>A cgroup other than the root may hand controllers to its children (cgroup.subtree_control)
 * only while it has no processes of its own (the "no internal processes" rule). So if enabling the
 * controllers in the worker's own cgroup is refused, the worker first moves the processes of its
 * own cgroup into a leaf beside the runs and tries again. The root cgroup is exempt, and its kernel
 * threads could not move anyway.
 *
 * <p>CPU time is read from cpu.stat's usage_usec, which the kernel keeps for every cgroup whether
 * or not the cpu controller is enabled, so the cpu controller is not needed.
 */
final class CgroupV2 implements CgroupDriver {
  static final List<String> REQUIRED = List.of("memory", "pids", "cpuset");
  private static final String ENABLE = "+memory +pids +cpuset";

  private final Path groupDir;

  private CgroupV2(Path groupDir) {
    this.groupDir = groupDir;
  }

  static CgroupV2 create(CgroupMounts mounts, String group) {
    Path own = mounts.unifiedDir();
    if (own == null) {
      throw new CgroupException(
          "cgroup v2 is mounted but this process has no cgroup path", false, null);
    }
    Set<String> available =
        Arrays.stream(CgroupFiles.read(own.resolve("cgroup.controllers")).split("\\s+"))
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toSet());
    List<String> missing = REQUIRED.stream().filter(c -> !available.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new CgroupException(
          "cgroup v2 controller(s) "
              + missing
              + " not available in "
              + own
              + " (cgroup.controllers lists "
              + available.stream().sorted().toList()
              + "); Verdict needs "
              + REQUIRED
              + " to limit and measure runs: delegate them to this cgroup, or on a hybrid host"
              + " use the cgroup v1 hierarchies they are bound to",
          false,
          null);
    }
    if (!Files.isWritable(own.resolve("cgroup.subtree_control"))) {
      throw new CgroupException("cgroup v2 directory " + own + " is not writable", false, null);
    }
    enableForChildren(own, group);
    Path dir = own.resolve(group);
    CgroupFiles.mkdir(dir);
    CgroupFiles.write(dir.resolve("cgroup.subtree_control"), ENABLE);
    return new CgroupV2(dir);
  }

  private static void enableForChildren(Path own, String group) {
    try {
      CgroupFiles.write(own.resolve("cgroup.subtree_control"), ENABLE);
      return;
    } catch (CgroupException e) {
      // why: EBUSY means our own cgroup still holds processes; move them out and retry below.
    }
    Path leaf = own.resolve(group + "-worker");
    CgroupFiles.mkdir(leaf);
    for (long pid : CgroupFiles.pids(own)) {
      try {
        CgroupFiles.write(leaf.resolve("cgroup.procs"), Long.toString(pid));
      } catch (CgroupException e) {
        // why: a process may exit between listing and moving; only ours must move, and did.
        if (pid == ProcessHandle.current().pid()) {
          throw e;
        }
      }
    }
    CgroupFiles.write(own.resolve("cgroup.subtree_control"), ENABLE);
  }

  @Override
  public String describe() {
    return "cgroup v2 (" + String.join(", ", REQUIRED) + ") under " + groupDir;
  }

  @Override
  public SlotCgroup forSlot(int slot, int core) {
    Path dir = groupDir.resolve("core-" + core);
    // why: a crashed worker's runs may still be here; the core is ours now, so they go.
    CgroupFiles.remove(dir);
    CgroupFiles.mkdir(dir);
    CgroupFiles.write(dir.resolve("cpuset.cpus"), Integer.toString(core));
    CgroupFiles.write(dir.resolve("cgroup.subtree_control"), "+memory +pids");
    return new Slot(dir);
  }

  @Override
  public void close() {
    // why: the slots removed their own cores' cgroups; the group may still hold another worker's.
    CgroupFiles.removeIfUnused(groupDir);
  }

  private static final class Slot implements SlotCgroup {
    private final Path dir;
    private final AtomicLong runs = new AtomicLong();

    Slot(Path dir) {
      this.dir = dir;
    }

    @Override
    public RunCgroup newRun(ResourceLimits limits, int sandboxProcesses) {
      Path run = dir.resolve("run-" + runs.incrementAndGet());
      CgroupFiles.mkdir(run);
      Run handle = new Run(run);
      try {
        CgroupFiles.write(run.resolve("memory.max"), Long.toString(limits.memoryBytes()));
        Path swap = run.resolve("memory.swap.max");
        if (Files.exists(swap)) {
          // why: without this a run could use swap beyond its memory limit.
          CgroupFiles.write(swap, "0");
        }
        // why: the sandbox's own processes (its init, and bubblewrap's monitor) count too.
        CgroupFiles.write(
            run.resolve("pids.max"), Integer.toString(limits.processes() + sandboxProcesses));
        return handle;
      } catch (RuntimeException e) {
        handle.close();
        throw e;
      }
    }

    @Override
    public List<Path> directories() {
      return List.of(dir);
    }

    @Override
    public void close() {
      CgroupFiles.remove(dir);
    }
  }

  /** One run's leaf cgroup. Package-private so a test can drive it on a real cgroup2 mount. */
  static final class Run implements RunCgroup {
    private final Path dir;
    private final boolean hasPeak;
    private long sampledPeak;

    Run(Path dir) {
      this.dir = dir;
      this.hasPeak = Files.exists(dir.resolve("memory.peak"));
    }

    @Override
    public List<Path> procsFiles() {
      return List.of(dir.resolve("cgroup.procs"));
    }

    @Override
    public long cpuNanos() {
      if (!hasPeak) {
        // why: kernels before 5.19 have no memory.peak; sampling memory.current while the run
        // lasts is the best peak they offer (memory.current after the run is near zero).
        sampledPeak = Math.max(sampledPeak, currentMemory());
      }
      return CgroupFiles.readKey(dir.resolve("cpu.stat"), "usage_usec") * 1_000;
    }

    @Override
    public long peakMemoryBytes() {
      if (hasPeak) {
        return CgroupFiles.readLong(dir.resolve("memory.peak"));
      }
      sampledPeak = Math.max(sampledPeak, currentMemory());
      return sampledPeak;
    }

    private long currentMemory() {
      Path current = dir.resolve("memory.current");
      return Files.exists(current) ? CgroupFiles.readLong(current) : 0;
    }

    @Override
    public boolean oomKilled() {
      Path events = dir.resolve("memory.events");
      return Files.exists(events) && CgroupFiles.readKey(events, "oom_kill") > 0;
    }

    @Override
    public void killAll() {
      Path pidsMax = dir.resolve("pids.max");
      if (Files.exists(pidsMax)) {
        // why: with no pid left to take, nothing can fork while the run is being killed.
        CgroupFiles.write(pidsMax, "0");
      }
      Path kill = dir.resolve("cgroup.kill");
      if (Files.exists(kill)) {
        // why: cgroup.kill (Linux 5.14+) kills the whole cgroup at once, without a pid race.
        CgroupFiles.write(kill, "1");
      }
      CgroupFiles.killAll(dir);
    }

    @Override
    public void close() {
      CgroupFiles.removeLeaf(dir);
    }
  }
}
