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
 * &lt;own&gt;/&lt;group&gt;-worker                the worker's own processes (see below)
 * &lt;own&gt;/&lt;group&gt;/core-&lt;n&gt;             cpuset.cpus = n
 * &lt;own&gt;/&lt;group&gt;/core-&lt;n&gt;/run-&lt;k&gt;     memory.max, pids.max; one per run
 * </pre>
 *
 * <p>cgroup v2 lets a cgroup hand controllers to its children only when it has no processes of its
 * own, so the worker first moves the processes of its own cgroup into a leaf beside the runs.
 */
final class CgroupV2 implements CgroupDriver {
  static final List<String> REQUIRED = List.of("memory", "pids", "cpu", "cpuset");
  private static final String ENABLE = "+memory +pids +cpu +cpuset";

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
            .collect(Collectors.toSet());
    for (String controller : REQUIRED) {
      if (!available.contains(controller)) {
        throw new CgroupException(
            "cgroup v2 controller '"
                + controller
                + "' is not delegated to "
                + own
                + " (has "
                + available
                + "); Verdict needs "
                + REQUIRED
                + " to limit and measure runs",
            false,
            null);
      }
    }
    if (!Files.isWritable(own.resolve("cgroup.subtree_control"))) {
      throw new CgroupException("cgroup v2 directory " + own + " is not writable", false, null);
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
    Path dir = own.resolve(group);
    CgroupFiles.mkdir(dir);
    CgroupFiles.write(dir.resolve("cgroup.subtree_control"), ENABLE);
    return new CgroupV2(dir);
  }

  @Override
  public String describe() {
    return "cgroup v2 (" + String.join(", ", REQUIRED) + ") under " + groupDir;
  }

  @Override
  public SlotCgroup forSlot(int slot, int core) {
    Path dir = groupDir.resolve("core-" + core);
    CgroupFiles.remove(dir);
    CgroupFiles.mkdir(dir);
    CgroupFiles.write(dir.resolve("cpuset.cpus"), Integer.toString(core));
    CgroupFiles.write(dir.resolve("cgroup.subtree_control"), "+memory +pids +cpu");
    return new Slot(dir);
  }

  private static final class Slot implements SlotCgroup {
    private final Path dir;
    private final AtomicLong runs = new AtomicLong();

    Slot(Path dir) {
      this.dir = dir;
    }

    @Override
    public RunCgroup newRun(ResourceLimits limits) {
      Path run = dir.resolve("run-" + runs.incrementAndGet());
      CgroupFiles.mkdir(run);
      Run handle = new Run(run);
      try {
        CgroupFiles.write(run.resolve("memory.max"), Long.toString(limits.memoryBytes()));
        Path swap = run.resolve("memory.swap.max");
        if (Files.exists(swap)) {
          CgroupFiles.write(swap, "0");
        }
        CgroupFiles.write(run.resolve("pids.max"), Integer.toString(limits.processes() + 2));
        return handle;
      } catch (RuntimeException e) {
        handle.close();
        throw e;
      }
    }

    @Override
    public void close() {
      CgroupFiles.remove(dir);
    }
  }

  private record Run(Path dir) implements RunCgroup {
    @Override
    public List<Path> procsFiles() {
      return List.of(dir.resolve("cgroup.procs"));
    }

    @Override
    public long cpuNanos() {
      return CgroupFiles.readKey(dir.resolve("cpu.stat"), "usage_usec") * 1_000;
    }

    @Override
    public long peakMemoryBytes() {
      Path peak = dir.resolve("memory.peak");
      return Files.exists(peak)
          ? CgroupFiles.readLong(peak)
          : CgroupFiles.readLong(dir.resolve("memory.current"));
    }

    @Override
    public boolean oomKilled() {
      return CgroupFiles.readKey(dir.resolve("memory.events"), "oom_kill") > 0;
    }

    @Override
    public void killAll() {
      Path kill = dir.resolve("cgroup.kill");
      if (Files.exists(kill)) {
        CgroupFiles.write(kill, "1");
      }
      CgroupFiles.killAll(dir);
    }

    @Override
    public void close() {
      CgroupFiles.remove(dir);
    }
  }
}
