package dev.verdict.worker.sandbox;

import dev.verdict.common.limits.ResourceLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 *       open files, stack, processes per uid, no core files), opens the status file as fd 3,
 *       bubblewrap's options as fd 7 and the seccomp filter as fd 8, forgets the script's settings,
 *       and exec's
 *   <li>{@code setpriv}, which drops to the slot's uid and gid with no supplementary groups and no
 *       capabilities and exec's bubblewrap, its options read from fd 7 ({@code --args}).
 * </ol>
 *
 * <p>Nothing of the host's paths or of the sandbox's options reaches the program: bubblewrap's
 * init, pid 1 inside, shows only {@code bwrap --sync-fd 9 --args 7 -- COMMAND} as its command line
 * and {@code PATH} as its environment; the input is copied by {@code cat} (as root, outside the
 * run's cgroups) into a pipe, the program's standard input, rather than handed as the cache's file,
 * whose path {@code /proc/self/fd/0} would show.
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
  //
  // The input goes through a pipe that cat fills, so that no host path shows as the program's
  // stdin; cat ends at the end of the input, or with a broken pipe once every process of the run
  // is gone, and the status is read only after both ends of the pipeline have ended. An input
  // that cannot be read fails the launch rather than giving the program an empty one.
  private static final String LAUNCH_SCRIPT =
      """
      [ -z "$VERDICT_STDIN" ] || [ -r "$VERDICT_STDIN" ] || exit 125
      input() { [ -z "$VERDICT_STDIN" ] || exec cat -- "$VERDICT_STDIN"; }
      exec 4>&2 2>/dev/null 6>&1
      code=$(
        input 4>&- 6>&- | (
          exec 2>&4 4>&- 1>&6 6>&-
          for f in $VERDICT_CGROUP_PROCS; do echo 0 > "$f" || exit 125; done
          ulimit -c 0 && ulimit -t "$VERDICT_RLIMIT_CPU" && ulimit -f "$VERDICT_RLIMIT_FSIZE" \
            && ulimit -n "$VERDICT_RLIMIT_NOFILE" && ulimit -s "$VERDICT_RLIMIT_STACK" \
            && ulimit -p "$VERDICT_RLIMIT_NPROC" \
            && { [ -z "$VERDICT_RLIMIT_AS" ] || ulimit -v "$VERDICT_RLIMIT_AS"; } || exit 125
          exec 3>"$VERDICT_STATUS" 7<"$VERDICT_OPTIONS" 8<"$VERDICT_SECCOMP" || exit 125
          unset VERDICT_STDIN VERDICT_CGROUP_PROCS VERDICT_STATUS VERDICT_OPTIONS VERDICT_SECCOMP \
            VERDICT_RLIMIT_CPU VERDICT_RLIMIT_FSIZE VERDICT_RLIMIT_NOFILE VERDICT_RLIMIT_STACK \
            VERDICT_RLIMIT_NPROC VERDICT_RLIMIT_AS
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
    Files.write(plan.files().sandboxOptions(), optionsFile(plan));
    return LaunchedProcess.start(argv(plan), environment(plan), stdout, stderr);
  }

  /**
   * The sandbox command's options, up to its first {@code --}: what bubblewrap reads with {@code
   * --args}, each option ended by a NUL.
   */
  static byte[] optionsFile(LaunchPlan plan) {
    List<String> sandbox = plan.sandboxCommand();
    StringBuilder file = new StringBuilder();
    for (String option : sandbox.subList(1, endOfOptions(sandbox))) {
      file.append(option).append('\0');
    }
    return file.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The index of the {@code --} between the sandbox's options and the run's command. */
  private static int endOfOptions(List<String> sandbox) {
    int end = sandbox.indexOf("--");
    if (end < 1) {
      throw new IllegalArgumentException("no -- between the sandbox's options and the command");
    }
    return end;
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
    cmd.addAll(List.of("--sync-fd", "9", "--args", "7"));
    cmd.addAll(sandbox.subList(endOfOptions(sandbox), sandbox.size()));
    return cmd;
  }

  /**
   * The launch script's settings. The rlimits are per process and backstops or complements to the
   * cgroup: CPU seconds (the cgroup's CPU time is the real limit), file size in dash's 512-byte
   * blocks, open files, stack, processes of the uid, the address space in kB where the run has a
   * limit of it (else the worker's is left as it is), and no core files.
   */
  private static Map<String, String> environment(LaunchPlan plan) {
    ResourceLimits limits = plan.limits();
    Map<String, String> env = new HashMap<>();
    env.put("PATH", "/usr/bin:/bin");
    env.put(
        "VERDICT_CGROUP_PROCS",
        plan.cgroup().procsFiles().stream().map(Path::toString).collect(Collectors.joining(" ")));
    env.put("VERDICT_STDIN", plan.stdin() == null ? "" : plan.stdin().toString());
    env.put("VERDICT_STATUS", plan.files().status().toString());
    env.put("VERDICT_OPTIONS", plan.files().sandboxOptions().toString());
    env.put("VERDICT_SECCOMP", plan.files().seccomp().toString());
    env.put("VERDICT_RLIMIT_CPU", Long.toString(limits.timeLimitMs() / 1000 + 2));
    env.put("VERDICT_RLIMIT_FSIZE", Long.toString(limits.fileSizeKb() * 2));
    env.put("VERDICT_RLIMIT_NOFILE", Integer.toString(limits.openFiles()));
    env.put("VERDICT_RLIMIT_STACK", Long.toString(limits.stackMb() * 1024L));
    env.put(
        "VERDICT_RLIMIT_NPROC", Integer.toString(limits.processes() + plan.uidSandboxProcesses()));
    env.put(
        "VERDICT_RLIMIT_AS",
        limits.addressSpaceKb() > 0 ? Long.toString(limits.addressSpaceKb()) : "");
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
