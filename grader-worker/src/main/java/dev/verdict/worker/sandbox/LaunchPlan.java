package dev.verdict.worker.sandbox;

import dev.verdict.common.limits.ResourceLimits;
import dev.verdict.worker.cgroup.RunCgroup;
import java.nio.file.Path;
import java.util.List;

/**
 * What a {@link Launch} needs to start one run, as a backend describes it.
 *
 * @param uid the slot's uid and gid, which the run drops to
 * @param cgroup the run's cgroups, which the run's first process joins
 * @param files where the sandbox and the launcher report
 * @param limits the run's limits; the launcher sets the per-process ones as rlimits
 * @param stdin the file fed to standard input, or null for an empty input
 * @param uidSandboxProcesses the sandbox's own processes that run as the slot's uid, and so count
 *     against the per-uid process rlimit besides the program's
 * @param launcherOptions options of the native launcher that the backend needs besides the run's
 *     (the built-in sandbox's {@code --builtin ROOT}); empty when the launcher only starts the
 *     sandbox's command
 * @param sandboxCommand what the launcher runs as the slot's uid: bubblewrap's command line; or,
 *     with {@code --builtin}, the sandbox's options and the command, which it builds itself
 */
record LaunchPlan(
    int uid,
    RunCgroup cgroup,
    RunFiles files,
    ResourceLimits limits,
    Path stdin,
    int uidSandboxProcesses,
    List<String> launcherOptions,
    List<String> sandboxCommand) {

  LaunchPlan {
    launcherOptions = List.copyOf(launcherOptions);
    sandboxCommand = List.copyOf(sandboxCommand);
  }
}
