package dev.verdict.worker.sandbox;

import dev.verdict.common.limits.ResourceLimits;
import dev.verdict.worker.cgroup.RunCgroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The command line and environment that start one run: {@code unshare} makes a PID namespace whose
 * pid 1 reaps the whole run, {@code /bin/sh} (as root) joins the run's cgroups and sets the
 * rlimits, {@code setpriv} drops to the slot's uid, {@code bwrap} builds the sandbox. See {@link
 * BubblewrapSandbox} for the whole chain.
 *
 * <p>Inside, the program sees: /usr and the root symlinks or directories into it, read-only;
 * /etc/ld.so.cache and the request's read-only paths; its own /proc (its PID namespace only); a
 * minimal read-only /dev with size-capped tmpfs /dev/shm; a size-capped tmpfs /tmp; /box. The rest
 * of the root is an empty read-only tmpfs: /etc has nothing else, and nothing of the host's files,
 * the worker's configuration or other runs exists there.
 */
final class BubblewrapCommand {
  static final int LAUNCH_FAILED = 125;
  // why: the subshell, not the shell, joins the run's cgroups: the shell is pid 1 of the run's
  // PID namespace and must outlive the run's processes to reap them, so killing the run (every
  // process of its cgroups) must not kill it. "echo 0" moves the writing process itself. The
  // shell's own stderr goes to /dev/null, so that its "Killed" never mixes with the program's.
  private static final String LAUNCH_SCRIPT =
      """
      exec 4>&2 2>/dev/null
      (
        exec 2>&4 4>&-
        for f in $VERDICT_CGROUP_PROCS; do echo 0 > "$f" || exit 125; done
        ulimit -c 0 && ulimit -t "$VERDICT_RLIMIT_CPU" && ulimit -f "$VERDICT_RLIMIT_FSIZE" \
          && ulimit -n "$VERDICT_RLIMIT_NOFILE" && ulimit -s "$VERDICT_RLIMIT_STACK" \
          && ulimit -p "$VERDICT_RLIMIT_NPROC" || exit 125
        exec 3>"$VERDICT_STATUS" || exit 125
        exec "$@"
      )
      exit $?
      """;
  private static final List<String> ROOT_ENTRIES =
      List.of("/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32");

  private final int uid;
  private final String bwrap;
  private final LaunchOptions options;
  private final List<String> rootMounts;

  BubblewrapCommand(int uid, String bwrap, LaunchOptions options) {
    this.uid = uid;
    this.bwrap = bwrap;
    this.options = options;
    this.rootMounts = rootMounts();
  }

  /**
   * The launch script's environment. The rlimits are per process and backstops or complements to
   * the cgroup: CPU seconds (the cgroup's CPU time is the real limit), file size in dash's 512-byte
   * blocks, open files, stack, processes of the uid, and no core files.
   */
  private static Map<String, String> environmentOfShell(
      RunCgroup run, Path status, ResourceLimits limits) {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", "/usr/bin:/bin");
    env.put(
        "VERDICT_CGROUP_PROCS",
        run.procsFiles().stream().map(Path::toString).collect(Collectors.joining(" ")));
    env.put("VERDICT_STATUS", status.toString());
    env.put("VERDICT_RLIMIT_CPU", Long.toString(limits.timeLimitMs() / 1000 + 2));
    env.put("VERDICT_RLIMIT_FSIZE", Long.toString(limits.fileSizeKb() * 2));
    env.put("VERDICT_RLIMIT_NOFILE", Integer.toString(limits.openFiles()));
    env.put("VERDICT_RLIMIT_STACK", Long.toString(limits.stackMb() * 1024L));
    env.put("VERDICT_RLIMIT_NPROC", Integer.toString(limits.processes() + 2));
    return env;
  }

  /**
   * Whether the launcher measures the CPU time of bubblewrap's own processes (the native one does;
   * the shell chain charges it to the program).
   */
  boolean measuresOwnCpu() {
    return options.nativeLauncher() != null;
  }

  /**
   * The whole command line of one run: the launcher's part, then bubblewrap's.
   *
   * @param status where bubblewrap writes its JSON status
   * @param ownCpu where the native launcher writes the CPU time of the sandbox's own processes; the
   *     shell chain writes nothing there
   */
  List<String> argv(RunRequest request, RunCgroup run, Path status, Path ownCpu)
      throws IOException {
    List<String> cmd =
        measuresOwnCpu() ? nativeLaunch(run, status, ownCpu, request) : shellLaunch();
    List<String> sandbox = bwrapArgs(request);
    // why: the built-in sandbox takes bubblewrap's options, not its binary.
    cmd.addAll(options.builtin() ? sandbox.subList(1, sandbox.size()) : sandbox);
    return cmd;
  }

  /**
   * The environment of the launch: the shell chain reads its settings from it; the native launcher
   * takes them as arguments and needs none.
   */
  Map<String, String> environment(RunCgroup run, Path status, ResourceLimits limits) {
    return options.nativeLauncher() != null
        ? Map.of("PATH", "/usr/bin:/bin")
        : environmentOfShell(run, status, limits);
  }

  /**
   * verdict-launch (see its sources, grader-worker/src/main/c/): the same steps as the shell chain
   * in one static program, and optionally entering the slot's network namespace.
   */
  private List<String> nativeLaunch(RunCgroup run, Path status, Path ownCpu, RunRequest request) {
    ResourceLimits limits = request.limits();
    List<String> cmd = new ArrayList<>();
    cmd.add(options.nativeLauncher().toString());
    cmd.addAll(List.of("--uid", Integer.toString(uid), "--gid", Integer.toString(uid)));
    cmd.addAll(List.of("--status", status.toString()));
    cmd.addAll(List.of("--own-cpu", ownCpu.toString()));
    for (Path procs : run.procsFiles()) {
      cmd.addAll(List.of("--procs", procs.toString()));
    }
    cmd.addAll(List.of("--rlimit", "core=0"));
    cmd.addAll(List.of("--rlimit", "cpu=" + (limits.timeLimitMs() / 1000 + 2)));
    cmd.addAll(List.of("--rlimit", "fsize=" + limits.fileSizeKb() * 1024L));
    cmd.addAll(List.of("--rlimit", "nofile=" + limits.openFiles()));
    cmd.addAll(List.of("--rlimit", "stack=" + limits.stackMb() * 1024L * 1024L));
    // why: the per-uid limit counts the processes running as the slot's uid: bubblewrap's monitor
    // and init do, the built-in sandbox's init runs as root.
    cmd.addAll(List.of("--rlimit", "nproc=" + (limits.processes() + uidSandboxProcesses())));
    if (options.networkNamespace() != null) {
      cmd.addAll(List.of("--netns", options.networkNamespace().toString()));
    }
    if (options.builtin()) {
      cmd.addAll(List.of("--builtin", builtinRoot(status).toString()));
    }
    // why: the spawner's runs cannot inherit the worker's redirect; the launcher opens the input.
    if (options.spawner() && request.stdin() != null) {
      cmd.addAll(List.of("--stdin", request.stdin().toString()));
    }
    cmd.add("--");
    return cmd;
  }

  /**
   * The directory the built-in sandbox mounts its root on (in the run's own mount namespace only):
   * beside the status file, in the slot's scratch directory.
   */
  static Path builtinRoot(Path status) {
    return status.resolveSibling("root");
  }

  /**
   * The sandbox's own processes in the run's cgroups: bubblewrap's monitor and init, or an init.
   */
  int sandboxProcesses() {
    return options.builtin() ? 1 : 2;
  }

  private int uidSandboxProcesses() {
    return options.builtin() ? 0 : 2;
  }

  /** Whether the native launcher builds the sandbox itself, so the run has no bubblewrap. */
  boolean builtin() {
    return options.builtin();
  }

  private List<String> shellLaunch() {
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
            "--reuid=" + uid,
            "--regid=" + uid,
            "--clear-groups",
            "--inh-caps=-all"));
    return cmd;
  }

  private List<String> bwrapArgs(RunRequest request) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(bwrap);
    // why: in the slot's own network namespace (empty, loopback down, owned by the host's user
    // namespace so nothing in the sandbox may configure it) a run is as cut off as in a fresh one,
    // without the cost of creating and destroying a network namespace per run.
    cmd.addAll(
        options.networkNamespace() != null
            ? List.of(
                "--unshare-user",
                "--unshare-ipc",
                "--unshare-pid",
                "--unshare-uts",
                "--unshare-cgroup")
            : List.of("--unshare-all", "--unshare-user"));
    cmd.addAll(
        List.of(
            "--disable-userns",
            "--die-with-parent",
            "--new-session",
            "--hostname",
            "verdict",
            "--ro-bind",
            "/usr",
            "/usr"));
    cmd.addAll(rootMounts);
    cmd.addAll(List.of("--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache"));
    String tmpBytes = Long.toString(request.limits().tmpMb() * 1024L * 1024L);
    cmd.addAll(List.of("--proc", "/proc", "--dev", "/dev"));
    cmd.addAll(List.of("--size", tmpBytes, "--tmpfs", "/dev/shm"));
    cmd.addAll(List.of("--size", tmpBytes, "--tmpfs", "/tmp"));
    // why: after /tmp, so that a read-only path below /tmp is not hidden under the fresh tmpfs.
    for (String path : request.readOnlyPaths()) {
      if (!path.isEmpty() && !Path.of(path).startsWith("/usr")) {
        cmd.addAll(List.of("--ro-bind", path, path));
      }
    }
    if (request.writableWorkDir()) {
      cmd.addAll(List.of("--bind", request.workDir().toString(), "/box"));
    } else {
      cmd.addAll(List.of("--size", tmpBytes, "--tmpfs", "/box"));
      cmd.addAll(boxEntries(request.workDir()));
    }
    // why: bubblewrap's root and /dev are tmpfs owned by the sandbox user; left writable they
    // would be unbounded scratch space outside the size-capped /tmp and /box (and /etc a place to
    // plant files). Their submounts (/tmp, /box, /dev/shm, /dev/null...) stay as they are.
    cmd.addAll(List.of("--remount-ro", "/dev", "--remount-ro", "/"));
    cmd.addAll(
        List.of(
            "--chdir",
            "/box",
            "--clearenv",
            "--setenv",
            "PATH",
            "/usr/local/bin:/usr/bin:/bin",
            "--setenv",
            "HOME",
            "/box",
            "--setenv",
            "TMPDIR",
            "/tmp",
            "--setenv",
            "LANG",
            "C.UTF-8"));
    request.env().forEach((k, v) -> cmd.addAll(List.of("--setenv", k, v)));
    cmd.addAll(List.of("--json-status-fd", "3", "--"));
    cmd.addAll(request.command());
    return cmd;
  }

  /**
   * Each entry of the work directory, mounted read-only into the fresh /box. A symbolic link is
   * recreated as a link, never bind-mounted: bubblewrap resolves a bind's source on the host, so a
   * link an earlier (compile) run planted, say to /etc/passwd or to the worker's configuration,
   * would otherwise show that host file inside the sandbox.
   */
  static List<String> boxEntries(Path workDir) throws IOException {
    List<String> args = new ArrayList<>();
    try (Stream<Path> entries = Files.list(workDir)) {
      for (Path entry : entries.sorted().toList()) {
        String target = "/box/" + entry.getFileName();
        if (Files.isSymbolicLink(entry)) {
          args.addAll(List.of("--symlink", Files.readSymbolicLink(entry).toString(), target));
        } else {
          args.addAll(List.of("--ro-bind", entry.toString(), target));
        }
      }
    }
    return args;
  }

  /** /bin, /lib and friends: symlinks into /usr on merged-/usr systems, else read-only binds. */
  private static List<String> rootMounts() {
    List<String> mounts = new ArrayList<>();
    for (String entry : ROOT_ENTRIES) {
      Path path = Path.of(entry);
      try {
        if (Files.isSymbolicLink(path)) {
          mounts.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), entry));
        } else if (Files.isDirectory(path)) {
          mounts.addAll(List.of("--ro-bind", entry, entry));
        }
      } catch (IOException e) {
        throw new SandboxException("cannot inspect " + entry + ": " + e, false, e);
      }
    }
    return List.copyOf(mounts);
  }
}
