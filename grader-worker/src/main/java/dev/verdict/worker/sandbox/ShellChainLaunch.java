package dev.verdict.worker.sandbox;

import dev.verdict.common.limits.ResourceLimits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Starts each run with a chain of standard tools instead of the native launcher ({@code
 * worker.launcher: shell}), a few milliseconds slower per run:
 *
 * <ol>
 *   <li>{@code setpriv --pdeathsig KILL unshare --pid --fork --kill-child}: dies with the worker
 *       thread that started it, taking the run with it, and forks
 *   <li>{@code /bin/sh} (as root) as pid 1 of a new PID namespace, outside the run's cgroups: it
 *       waits for the subshell below and exits with its status, and its exit makes the kernel kill
 *       and reap every process of the run first, so no zombie of the run outlives the run;
 *   <li>a subshell joins the run's cgroups, sets the rlimits (CPU seconds as a backstop, file size,
 *       open files, stack, processes per uid, no core files), opens the status file as fd 3 and the
 *       seccomp filter as fd 8, and exec's
 *   <li>{@code setpriv}, which drops to the slot's uid and gid with no supplementary groups and no
 *       capabilities and exec's the plan's sandbox command (bubblewrap).
 * </ol>
 *
 * <p>It neither enters a slot's network namespace nor measures the sandbox's own CPU time, and it
 * cannot build the built-in sandbox.
 */
final class ShellChainLaunch implements Launch {
  // why: the subshell, not the shell, joins the run's cgroups: the shell is pid 1 of the run's
  // PID namespace and must outlive the run's processes to reap them, so killing the run (every
  // process of its cgroups) must not kill it. "echo 0" moves the writing process itself. The
  // shell's own stderr goes to /dev/null, so that its "Killed" never mixes with the program's.
  //
  // The run lasts until every process of it has ended: bubblewrap's monitor exits when the
  // program's first process does, but its init lives on until the last process of its namespace
  // has ended, holding bubblewrap's --sync-fd 9, the write end of the pipe that the command
  // substitution reads to its end. The subshell's exit status is written to the same pipe.
  private static final String LAUNCH_SCRIPT =
      """
      exec 4>&2 2>/dev/null 6>&1
      code=$(
        (
          exec 2>&4 4>&- 1>&6 6>&-
          for f in $VERDICT_CGROUP_PROCS; do echo 0 > "$f" || exit 125; done
          ulimit -c 0 && ulimit -t "$VERDICT_RLIMIT_CPU" && ulimit -f "$VERDICT_RLIMIT_FSIZE" \
            && ulimit -n "$VERDICT_RLIMIT_NOFILE" && ulimit -s "$VERDICT_RLIMIT_STACK" \
            && ulimit -p "$VERDICT_RLIMIT_NPROC" || exit 125
          exec 3>"$VERDICT_STATUS" 8<"$VERDICT_SECCOMP" || exit 125
          exec "$@"
        ) 9>&1
        echo $?
      )
      exit "${code:-125}"
      """;

  @Override
  public Launched start(LaunchPlan plan, BoundedOutput stdout, BoundedOutput stderr)
      throws IOException {
    if (!plan.launcherOptions().isEmpty()) {
      throw new IllegalArgumentException(
          "the shell chain takes no launcher options, was given " + plan.launcherOptions());
    }
    return LaunchedProcess.start(argv(plan), environment(plan), plan.stdin(), stdout, stderr);
  }

  /** The chain's command line, ending in the plan's sandbox command. */
  static List<String> argv(LaunchPlan plan) {
    List<String> cmd = new ArrayList<>();
    // why: bubblewrap's monitor exits as soon as its init reports the command's exit status,
    // before that init is reaped; the orphan would become a zombie of the host's pid 1 (or of the
    // worker, when it is a container's pid 1, which never reaps it) and keep counting against the
    // uid's process limit. So the launch shell runs as pid 1 of a PID namespace of its own, outside
    // the run's cgroups: when it exits, the kernel kills and reaps every process of the namespace
    // first. unshare forks it, passes its exit status on, and dies with the worker thread that
    // started it (and the namespace with unshare).
    cmd.addAll(List.of("/usr/bin/setpriv", "--pdeathsig", "KILL"));
    cmd.addAll(List.of("/usr/bin/unshare", "--pid", "--fork", "--kill-child=SIGKILL"));
    cmd.addAll(List.of("/bin/sh", "-c", LAUNCH_SCRIPT, "verdict-launch"));
    cmd.addAll(
        List.of(
            "/usr/bin/setpriv",
            "--reuid=" + plan.uid(),
            "--regid=" + plan.uid(),
            "--clear-groups",
            "--inh-caps=-all"));
    List<String> sandbox = plan.sandboxCommand();
    cmd.add(sandbox.get(0));
    cmd.addAll(List.of("--sync-fd", "9"));
    cmd.addAll(sandbox.subList(1, sandbox.size()));
    return cmd;
  }

  /**
   * The launch script's settings. The rlimits are per process and backstops or complements to the
   * cgroup: CPU seconds (the cgroup's CPU time is the real limit), file size in dash's 512-byte
   * blocks, open files, stack, processes of the uid, and no core files.
   */
  private static Map<String, String> environment(LaunchPlan plan) {
    ResourceLimits limits = plan.limits();
    Map<String, String> env = new HashMap<>();
    env.put("PATH", "/usr/bin:/bin");
    env.put(
        "VERDICT_CGROUP_PROCS",
        plan.cgroup().procsFiles().stream().map(Path::toString).collect(Collectors.joining(" ")));
    env.put("VERDICT_STATUS", plan.files().status().toString());
    env.put("VERDICT_SECCOMP", plan.files().seccomp().toString());
    env.put("VERDICT_RLIMIT_CPU", Long.toString(limits.timeLimitMs() / 1000 + 2));
    env.put("VERDICT_RLIMIT_FSIZE", Long.toString(limits.fileSizeKb() * 2));
    env.put("VERDICT_RLIMIT_NOFILE", Integer.toString(limits.openFiles()));
    env.put("VERDICT_RLIMIT_STACK", Long.toString(limits.stackMb() * 1024L));
    env.put(
        "VERDICT_RLIMIT_NPROC", Integer.toString(limits.processes() + plan.uidSandboxProcesses()));
    return env;
  }

  @Override
  public boolean entersSlotNetwork() {
    return false;
  }

  @Override
  public boolean reportsSandboxCpu() {
    return false;
  }

  @Override
  public void close() {
    // why: nothing outlives a run; each run's chain is gone when the run returns.
  }
}
