package dev.verdict.worker.sandbox;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.worker.cgroup.RunCgroup;
import dev.verdict.worker.cgroup.SlotCgroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs each command in a sandbox the native launcher builds itself, as root, without bubblewrap
 * ({@code worker.sandbox: builtin}, the default): the same options as {@link BubblewrapSandbox}
 * ({@link BubblewrapOptions}), with the same meaning, but without bubblewrap's exec, its two user
 * namespaces and its monitor process; about 1 ms added per run instead of about 4 ms on a slow
 * machine (docs/benchmarks.md, "The built-in sandbox").
 *
 * <p>The run's init, pid 1 of new PID, mount, IPC, UTS and cgroup namespaces, runs as root: the
 * program, as the slot's unprivileged uid in the host's user namespace, can neither signal, trace
 * nor read it, nor make a user namespace of its own (a seccomp filter refuses it). The init is the
 * sandbox's only process in the run's cgroups and its CPU time is the sandbox's own ({@link
 * SandboxOwnCpu#ofBuiltinInit}), but for its exit, which frees what the program left on its tmpfs
 * and counts as the sandbox's only up to what the init used before. See
 * grader-worker/src/main/c/builtin.c.
 *
 * <p>Only the native launcher can build it, started per run or as the slot's spawner.
 */
public final class BuiltinSandbox implements Sandbox {
  /** The sandbox's init, in the run's cgroups. */
  private static final int OWN_PROCESSES = 1;

  /** The init runs as root: no process of the sandbox's own counts against the slot's uid. */
  private static final int UID_OWN_PROCESSES = 0;

  private final RunSupervisor supervisor;
  private final int uid;
  private final NativeLaunch launch;
  private final BubblewrapOptions options;
  private final List<String> launcherOptions;

  /**
   * @param cgroup the slot's cgroups, pinned to its core
   * @param scratch a directory for the sandbox's own files (never visible inside a run); the
   *     sandbox's root is mounted on its subdirectory {@code root}, in the run's mount namespace
   *     only
   * @param uid the slot's uid and gid, unprivileged (not 0) and used by no other slot
   * @param launch how each run is started; closed with the sandbox
   */
  BuiltinSandbox(
      SlotCgroup cgroup, Path scratch, int uid, NativeLaunch launch, MetricRegistry metrics) {
    this.uid = RunSupervisor.unprivileged(uid);
    this.supervisor = new RunSupervisor(cgroup, OWN_PROCESSES, scratch, metrics);
    this.launch = launch;
    this.options = new BubblewrapOptions(launch.entersSlotNetwork());
    Path root = scratch.resolve("root");
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new SandboxException("cannot create " + root + ": " + e, false, e);
    }
    this.launcherOptions = List.of("--builtin", root.toString());
  }

  @Override
  public String kind() {
    return "builtin";
  }

  @Override
  public boolean showsPipes() {
    return true;
  }

  @Override
  public RunResult run(RunRequest request) {
    return supervisor.run(request, this::start, SandboxOwnCpu::ofBuiltinInit);
  }

  private Launched start(
      RunRequest request,
      RunCgroup cgroup,
      RunFiles files,
      BoundedOutput stdout,
      BoundedOutput stderr)
      throws IOException {
    LaunchPlan plan =
        new LaunchPlan(
            uid,
            cgroup,
            files,
            request.limits(),
            request.stdin(),
            UID_OWN_PROCESSES,
            launcherOptions,
            options.forRun(request));
    return launch.start(plan, stdout, stderr);
  }

  @Override
  public void close() {
    launch.close();
    supervisor.close();
  }
}
