package dev.verdict.worker.sandbox;

import dev.verdict.common.limits.ResourceLimits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The native launcher's arguments for one run (see grader-worker/src/main/c/launch.c). */
final class LaunchArguments {
  private LaunchArguments() {}

  /**
   * The arguments after the program name: the run's options, then {@code --} and the plan's sandbox
   * command.
   *
   * @param networkNamespace the slot's network namespace the run enters, or null for none
   */
  static List<String> of(LaunchPlan plan, Path networkNamespace) {
    ResourceLimits limits = plan.limits();
    String uid = Integer.toString(plan.uid());
    List<String> args = new ArrayList<>();
    args.addAll(List.of("--uid", uid, "--gid", uid));
    args.addAll(List.of("--status", plan.files().status().toString()));
    args.addAll(List.of("--own-cpu", plan.files().sandboxCpu().toString()));
    args.addAll(List.of("--seccomp", plan.files().seccomp().toString()));
    for (Path procs : plan.cgroup().procsFiles()) {
      args.addAll(List.of("--procs", procs.toString()));
    }
    args.addAll(List.of("--rlimit", "core=0"));
    args.addAll(List.of("--rlimit", "cpu=" + (limits.timeLimitMs() / 1000 + 2)));
    args.addAll(List.of("--rlimit", "fsize=" + limits.fileSizeKb() * 1024L));
    args.addAll(List.of("--rlimit", "nofile=" + limits.openFiles()));
    args.addAll(List.of("--rlimit", "stack=" + limits.stackMb() * 1024L * 1024L));
    args.addAll(List.of("--rlimit", "nproc=" + (limits.processes() + plan.uidSandboxProcesses())));
    if (limits.addressSpaceKb() > 0) {
      args.addAll(List.of("--rlimit", "as=" + limits.addressSpaceBytes()));
    }
    if (networkNamespace != null) {
      args.addAll(List.of("--netns", networkNamespace.toString()));
    }
    // why: a run cannot always inherit the worker's redirect (the spawner's runs are its children,
    // not the worker's); the launcher opens the input itself.
    if (plan.stdin() != null) {
      args.addAll(List.of("--stdin", plan.stdin().toString()));
    }
    args.addAll(plan.launcherOptions());
    args.add("--");
    args.addAll(plan.sandboxCommand());
    return args;
  }
}
