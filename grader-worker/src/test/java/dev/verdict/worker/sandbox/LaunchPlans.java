package dev.verdict.worker.sandbox;

import dev.verdict.common.limits.ResourceLimits;
import dev.verdict.worker.cgroup.RunCgroup;
import java.nio.file.Path;
import java.util.List;

/** Launch plans for tests of what a launcher is told, never run. */
final class LaunchPlans {
  private LaunchPlans() {}

  /** A plan for slot uid 61000, in two cgroups, its sandbox command {@code /usr/bin/bwrap ...}. */
  static LaunchPlan plan(Path stdin, List<String> launcherOptions) {
    return plan(stdin, launcherOptions, Limits.limits().processes(10).build());
  }

  /** The same plan with the given limits. */
  static LaunchPlan plan(Path stdin, List<String> launcherOptions, ResourceLimits limits) {
    return new LaunchPlan(
        61_000,
        new PaperRun(),
        new RunFiles(
            Path.of("/scratch/status.json"),
            Path.of("/scratch/sandbox-cpu"),
            Path.of("/scratch/seccomp.bpf"),
            Path.of("/scratch/sandbox-options")),
        limits,
        stdin,
        2,
        launcherOptions,
        List.of("/usr/bin/bwrap", "--unshare-user", "--", "./main"));
  }

  /** A run cgroup that exists only as its procs files' names. */
  private static final class PaperRun implements RunCgroup {
    @Override
    public List<Path> procsFiles() {
      return List.of(Path.of("/cg/memory/procs"), Path.of("/cg/pids/procs"));
    }

    @Override
    public long cpuNanos() {
      return 0;
    }

    @Override
    public long peakMemoryBytes() {
      return 0;
    }

    @Override
    public boolean oomKilled() {
      return false;
    }

    @Override
    public void killAll() {}

    @Override
    public void close() {}
  }
}
