package dev.verdict.worker.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The cgroup v1 counters of a sandbox container, read and reset from the engine's host: the
 * container is long-lived, so its CPU time and memory peak are set back to zero before each run.
 *
 * <p>Only cgroup v1: on a cgroup v2 host the sandbox refuses to start, saying so. A v2 version
 * needs more than other file names: CPU time can only be read as a difference ({@code cpu.stat}'s
 * {@code usage_usec} cannot be reset), OOM kills are {@code memory.events}' {@code oom_kill}, and
 * the memory peak of one run needs {@code memory.peak} reset per open file (Linux 6.12 and later: a
 * write to it resets what that file descriptor reads); before 6.12 a long-lived container has only
 * its lifetime peak, so a per-run peak would need a container per run.
 */
final class DockerCgroup {
  private static final Path ROOT = Path.of("/sys/fs/cgroup");
  private static final long KILL_DEADLINE_NANOS = 10_000_000_000L;

  private final Path cpuacct;
  private final Path memory;
  private final Path pids;

  private DockerCgroup(Path cpuacct, Path memory, Path pids) {
    this.cpuacct = cpuacct;
    this.memory = memory;
    this.pids = pids;
  }

  /** The cgroups of the process {@code pid} (the container's pid 1). */
  static DockerCgroup of(long pid) {
    Path cpuacct = null;
    Path memory = null;
    Path pids = null;
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup"))) {
        String[] parts = line.split(":", 3);
        if (parts.length < 3) {
          continue;
        }
        String path = parts[2].startsWith("/") ? parts[2].substring(1) : parts[2];
        for (String controller : parts[1].split(",")) {
          switch (controller) {
            case "cpuacct" -> cpuacct = ROOT.resolve("cpuacct").resolve(path);
            case "memory" -> memory = ROOT.resolve("memory").resolve(path);
            case "pids" -> pids = ROOT.resolve("pids").resolve(path);
            default -> {}
          }
        }
      }
    } catch (IOException e) {
      throw new SandboxStartException("cannot read the container's cgroups: " + e, e);
    }
    if (cpuacct == null || memory == null || pids == null) {
      throw new SandboxException(
          "the Docker sandbox needs cgroup v1's cpuacct, memory and pids controllers on the"
              + " engine's host",
          false,
          null);
    }
    return new DockerCgroup(cpuacct, memory, pids);
  }

  void resetCounters() throws IOException {
    Files.writeString(cpuacct.resolve("cpuacct.usage"), "0");
    Files.writeString(memory.resolve("memory.max_usage_in_bytes"), "0");
  }

  long cpuNanos() {
    return readLong(cpuacct.resolve("cpuacct.usage"));
  }

  long peakMemoryBytes() {
    return readLong(memory.resolve("memory.max_usage_in_bytes"));
  }

  /** How often the OOM killer killed a process in the container. */
  long oomKills() {
    try {
      for (String line : Files.readAllLines(memory.resolve("memory.oom_control"))) {
        if (line.startsWith("oom_kill ")) {
          return Long.parseLong(line.substring("oom_kill ".length()).trim());
        }
      }
      return 0;
    } catch (IOException | NumberFormatException e) {
      throw new SandboxException("cannot read the container's OOM count: " + e, true, e);
    }
  }

  /**
   * SIGKILLs every process of the container whose real uid is not {@code keeperUid}, and returns
   * once each of them has ended and been reaped, so that none is left even as a zombie.
   */
  void killAllBut(int keeperUid) {
    long deadline = System.nanoTime() + KILL_DEADLINE_NANOS;
    while (true) {
      List<Long> others = processesBut(keeperUid);
      // why: a killed process leaves the cgroup's process lists when it exits, but it stays a
      // zombie of the slot's uid until its parent reaps it (the container's init for what the kill
      // orphaned, the engine's shim for the exec's own process); a run that returned before that
      // would leave a process of its uid on the host for the next run or a check to find. No event
      // tells of a reap, so the count is read again, yielding the core to the reapers, until none
      // is left or the deadline has passed.
      long unreaped = others.isEmpty() ? unreaped() : 0;
      if (others.isEmpty() && unreaped == 0) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new SandboxException(
            others.isEmpty()
                ? unreaped + " killed processes of the sandbox container were never reaped"
                : "processes " + others + " of the sandbox container outlived SIGKILL",
            false,
            null);
      }
      others.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
      Thread.yield();
    }
  }

  /**
   * How many tasks of the container have ended but not been reaped: the pids controller counts a
   * task from its fork until it is reaped, its task list only while it runs.
   */
  long unreaped() {
    try {
      // why: the count first: a task that ends between the two reads is then in the count and no
      // longer in the list, so it is taken for unreaped rather than missed.
      long counted = readLong(pids.resolve("pids.current"));
      long running =
          Files.readAllLines(pids.resolve("tasks")).stream().filter(s -> !s.isBlank()).count();
      return Math.max(0, counted - running);
    } catch (IOException e) {
      throw new SandboxException("cannot list the container's tasks: " + e, true, e);
    }
  }

  /** The container's processes whose real uid is not {@code keeperUid}. */
  List<Long> processesBut(int keeperUid) {
    try {
      return Files.readAllLines(pids.resolve("cgroup.procs")).stream()
          .filter(s -> !s.isBlank())
          .map(Long::parseLong)
          .filter(pid -> uidOf(pid) != keeperUid)
          .toList();
    } catch (IOException e) {
      throw new SandboxException("cannot list the container's processes: " + e, true, e);
    }
  }

  /** The real uid of a process; the keeper's when it is gone (nothing left to kill). */
  private static int uidOf(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("Uid:")) {
          return Integer.parseInt(line.substring(4).trim().split("\\s+")[0]);
        }
        if (line.startsWith("State:") && line.contains("zombie")) {
          return DockerSandbox.KEEPER_UID;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // why: the process ended between the listing and this read.
    }
    return DockerSandbox.KEEPER_UID;
  }

  private static long readLong(Path file) {
    try {
      return Long.parseLong(Files.readString(file).trim());
    } catch (IOException | NumberFormatException e) {
      throw new SandboxException("cannot read " + file + ": " + e, true, e);
    }
  }
}
