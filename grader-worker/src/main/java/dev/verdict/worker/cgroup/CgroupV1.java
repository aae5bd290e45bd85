package dev.verdict.worker.cgroup;

import dev.verdict.common.limits.ResourceLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * cgroup v1: one hierarchy per controller. Layout under the worker's own cgroup of each:
 *
 * <pre>
 * cpuset/&lt;own&gt;/&lt;group&gt;/core-&lt;n&gt;            cpuset.cpus = n; runs join it directly
 * memory|pids|cpuacct/&lt;own&gt;/&lt;group&gt;/core-&lt;n&gt;/run-&lt;k&gt;   one per run
 * </pre>
 *
 * <p>Slots are named by core because a core is leased by exactly one slot on a host, so a new
 * worker may safely remove whatever a crashed one left under the cores it now holds.
 */
final class CgroupV1 implements CgroupDriver {
  static final List<String> REQUIRED = List.of("memory", "pids", "cpuacct", "cpuset");

  private final Map<String, Path> groupDirs;

  private CgroupV1(Map<String, Path> groupDirs) {
    this.groupDirs = groupDirs;
  }

  static CgroupV1 create(CgroupMounts mounts, String group) {
    List<String> missing = REQUIRED.stream().filter(c -> mounts.controller(c).isEmpty()).toList();
    if (!missing.isEmpty()) {
      throw new CgroupException(
          "cgroup v1 controller(s) "
              + missing
              + " not mounted for this process; Verdict needs "
              + REQUIRED
              + " to limit and measure runs",
          false,
          null);
    }
    Map<String, Path> dirs = new TreeMap<>();
    for (String controller : REQUIRED) {
      Path own = mounts.controller(controller).orElseThrow();
      if (!Files.isWritable(own)) {
        throw new CgroupException(
            "cgroup v1 controller '" + controller + "' at " + own + " is not writable",
            false,
            null);
      }
      Path dir = own.resolve(group);
      CgroupFiles.mkdir(dir);
      if (controller.equals("cpuset")) {
        inheritCpuset(own, dir);
      }
      dirs.put(controller, dir);
    }
    return new CgroupV1(Map.copyOf(dirs));
  }

  private static void inheritCpuset(Path parent, Path dir) {
    if (CgroupFiles.read(dir.resolve("cpuset.cpus")).isEmpty()) {
      CgroupFiles.write(
          dir.resolve("cpuset.cpus"), CgroupFiles.read(parent.resolve("cpuset.cpus")));
    }
    if (CgroupFiles.read(dir.resolve("cpuset.mems")).isEmpty()) {
      CgroupFiles.write(
          dir.resolve("cpuset.mems"), CgroupFiles.read(parent.resolve("cpuset.mems")));
    }
  }

  @Override
  public String describe() {
    return "cgroup v1 (" + String.join(", ", REQUIRED) + ") under " + new TreeMap<>(groupDirs);
  }

  @Override
  public SlotCgroup forSlot(int slot, int core) {
    String name = "core-" + core;
    Map<String, Path> slotDirs = new TreeMap<>();
    for (var entry : groupDirs.entrySet()) {
      Path dir = entry.getValue().resolve(name);
      // why: a crashed worker's runs may still be here; the core is ours now, so they go.
      CgroupFiles.remove(dir);
      CgroupFiles.mkdir(dir);
      slotDirs.put(entry.getKey(), dir);
    }
    Path cpuset = slotDirs.get("cpuset");
    CgroupFiles.write(cpuset.resolve("cpuset.cpus"), Integer.toString(core));
    CgroupFiles.write(
        cpuset.resolve("cpuset.mems"),
        CgroupFiles.read(groupDirs.get("cpuset").resolve("cpuset.mems")));
    return new Slot(Map.copyOf(slotDirs));
  }

  @Override
  public void close() {
    // why: the slots removed their own cores' cgroups; the group may still hold another worker's.
    for (Path dir : groupDirs.values()) {
      CgroupFiles.removeIfUnused(dir);
    }
  }

  private static final class Slot implements SlotCgroup {
    private final Map<String, Path> dirs;
    private final AtomicLong runs = new AtomicLong();

    Slot(Map<String, Path> dirs) {
      this.dirs = dirs;
    }

    @Override
    public RunCgroup newRun(ResourceLimits limits, int sandboxProcesses) {
      String name = "run-" + runs.incrementAndGet();
      Path memory = dirs.get("memory").resolve(name);
      Path pids = dirs.get("pids").resolve(name);
      Path cpuacct = dirs.get("cpuacct").resolve(name);
      Run run = new Run(dirs.get("cpuset"), memory, pids, cpuacct);
      try {
        CgroupFiles.mkdir(memory);
        CgroupFiles.mkdir(pids);
        CgroupFiles.mkdir(cpuacct);
        String bytes = Long.toString(limits.memoryBytes());
        CgroupFiles.write(memory.resolve("memory.limit_in_bytes"), bytes);
        Path memsw = memory.resolve("memory.memsw.limit_in_bytes");
        if (Files.exists(memsw)) {
          // why: without this a run could use swap beyond its memory limit.
          CgroupFiles.write(memsw, bytes);
        }
        // why: the sandbox's own processes (its init, and bubblewrap's monitor) count too.
        CgroupFiles.write(
            pids.resolve("pids.max"), Integer.toString(limits.processes() + sandboxProcesses));
        return run;
      } catch (RuntimeException e) {
        run.close();
        throw e;
      }
    }

    @Override
    public List<Path> directories() {
      return List.copyOf(dirs.values());
    }

    @Override
    public void close() {
      for (Path dir : dirs.values()) {
        CgroupFiles.remove(dir);
      }
    }
  }

  private record Run(Path cpuset, Path memory, Path pids, Path cpuacct) implements RunCgroup {
    @Override
    public List<Path> procsFiles() {
      return List.of(
          cpuset.resolve("cgroup.procs"),
          memory.resolve("cgroup.procs"),
          pids.resolve("cgroup.procs"),
          cpuacct.resolve("cgroup.procs"));
    }

    @Override
    public long cpuNanos() {
      return CgroupFiles.readLong(cpuacct.resolve("cpuacct.usage"));
    }

    @Override
    public long peakMemoryBytes() {
      return CgroupFiles.readLong(memory.resolve("memory.max_usage_in_bytes"));
    }

    @Override
    public boolean oomKilled() {
      return CgroupFiles.readKey(memory.resolve("memory.oom_control"), "oom_kill") > 0;
    }

    @Override
    public void killAll() {
      // why: with no pid left to take, a fork bomb cannot outrun the kill loop below.
      CgroupFiles.write(pids.resolve("pids.max"), "0");
      CgroupFiles.killAll(pids);
    }

    @Override
    public void close() {
      CgroupFiles.removeLeaf(pids);
      CgroupFiles.removeLeaf(memory);
      CgroupFiles.removeLeaf(cpuacct);
    }
  }
}
