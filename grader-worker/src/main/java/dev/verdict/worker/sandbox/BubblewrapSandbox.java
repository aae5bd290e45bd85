package dev.verdict.worker.sandbox;

import dev.verdict.common.limits.ResourceLimits;
import dev.verdict.worker.cgroup.RunCgroup;
import dev.verdict.worker.cgroup.SlotCgroup;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs each command in a fresh bubblewrap sandbox: new user, PID, network, IPC, UTS, mount and
 * cgroup namespaces; no network; /usr read-only; a private work directory and /tmp on size-capped
 * tmpfs; as the slot's own unprivileged uid; in a fresh cgroup that limits memory and processes,
 * measures CPU time and peak memory, and pins every process to the slot's core.
 *
 * <p>Start-up chain, each step exec'ing the next so that one process carries the run:
 *
 * <ol>
 *   <li>{@code /bin/sh} (as root) writes its pid into the run's cgroups, sets the rlimits (CPU
 *       seconds as a backstop, file size, open files, stack, processes per uid, no core files) and
 *       opens bubblewrap's status file;
 *   <li>{@code setpriv} drops to the slot's uid and gid with no supplementary groups and no
 *       capabilities;
 *   <li>{@code bwrap}, now unprivileged, builds the namespaces and mounts and runs the command.
 * </ol>
 *
 * <p>The CPU-time limit is enforced by polling the cgroup's CPU counter (it counts every process of
 * the run, so forking cannot dodge it); the wall-time limit by a deadline. Either kills every
 * process in the run's cgroup.
 */
public final class BubblewrapSandbox implements Sandbox {
  private static final String LAUNCH_SCRIPT =
      """
      for f in $VERDICT_CGROUP_PROCS; do echo $$ > "$f" || exit 125; done
      ulimit -c 0 && ulimit -t "$VERDICT_RLIMIT_CPU" && ulimit -f "$VERDICT_RLIMIT_FSIZE" \
        && ulimit -n "$VERDICT_RLIMIT_NOFILE" && ulimit -s "$VERDICT_RLIMIT_STACK" \
        && ulimit -p "$VERDICT_RLIMIT_NPROC" || exit 125
      exec 3>"$VERDICT_STATUS" || exit 125
      exec "$@"
      """;
  static final int LAUNCH_FAILED = 125;
  private static final long POLL_MILLIS = 20;
  private static final List<String> ROOT_ENTRIES =
      List.of("/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32");

  private final SlotCgroup cgroup;
  private final Path scratch;
  private final int uid;
  private final String bwrap;
  private final List<String> rootMounts;

  /**
   * @param cgroup the slot's cgroups, pinned to its core
   * @param scratch a directory for the sandbox's own files (never visible inside a run)
   * @param uid the slot's uid and gid
   * @param bwrap the bubblewrap binary
   */
  public BubblewrapSandbox(SlotCgroup cgroup, Path scratch, int uid, String bwrap) {
    this.cgroup = cgroup;
    this.scratch = scratch;
    this.uid = uid;
    this.bwrap = bwrap;
    this.rootMounts = rootMounts();
    try {
      Files.createDirectories(scratch);
    } catch (IOException e) {
      throw new SandboxException("cannot create " + scratch + ": " + e, false, e);
    }
  }

  @Override
  public String kind() {
    return "bubblewrap";
  }

  public int uid() {
    return uid;
  }

  @Override
  public RunResult run(RunRequest request) {
    ResourceLimits limits = request.limits();
    RunCgroup run = cgroup.newRun(limits);
    Path status = scratch.resolve("bwrap-status.json");
    try {
      Files.deleteIfExists(status);
      return execute(request, limits, run, status);
    } catch (IOException e) {
      throw new SandboxStartException("cannot start the sandbox: " + e, e);
    } finally {
      run.close();
    }
  }

  private RunResult execute(RunRequest request, ResourceLimits limits, RunCgroup run, Path status)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command(request));
    Map<String, String> env = builder.environment();
    env.clear();
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
    builder.redirectInput(
        request.stdin() == null
            ? ProcessBuilder.Redirect.from(new File("/dev/null"))
            : ProcessBuilder.Redirect.from(request.stdin().toFile()));

    long start = System.nanoTime();
    Process process = builder.start();
    Runnable killOnOverflow = run::killAll;
    BoundedOutput stdout =
        new BoundedOutput(process.getInputStream(), limits.outputBytes(), killOnOverflow);
    BoundedOutput stderr =
        new BoundedOutput(process.getErrorStream(), limits.outputBytes(), killOnOverflow);
    Thread outReader = Thread.ofVirtual().name("sandbox-stdout").start(stdout);
    Thread errReader = Thread.ofVirtual().name("sandbox-stderr").start(stderr);

    long cpuLimitNanos = limits.timeLimitMs() * 1_000_000L;
    long wallDeadline = start + limits.wallTimeMs() * 1_000_000L;
    Termination stopped = null;
    try {
      while (!process.waitFor(
          Math.max(1, Math.min(POLL_MILLIS, (wallDeadline - System.nanoTime()) / 1_000_000)),
          TimeUnit.MILLISECONDS)) {
        if (run.cpuNanos() > cpuLimitNanos) {
          stopped = Termination.CPU_TIME_LIMIT;
        } else if (System.nanoTime() >= wallDeadline) {
          stopped = Termination.WALL_TIME_LIMIT;
        }
        if (stopped != null) {
          run.killAll();
          process.waitFor();
          break;
        }
      }
    } catch (InterruptedException e) {
      run.killAll();
      Thread.currentThread().interrupt();
      throw new SandboxException("interrupted while running", true, e);
    }
    // why: a daemon that outlived the command still holds the pipes open; kill it so they close.
    run.killAll();
    joinQuietly(outReader);
    joinQuietly(errReader);
    double wallMs = (System.nanoTime() - start) / 1e6;

    int exitCode = process.exitValue();
    checkStarted(exitCode, status, stderr);
    long cpuNanos = run.cpuNanos();
    Termination termination;
    if (stdout.exceeded() || stderr.exceeded()) {
      termination = Termination.OUTPUT_LIMIT;
    } else if (stopped == Termination.CPU_TIME_LIMIT || cpuNanos > cpuLimitNanos) {
      termination = Termination.CPU_TIME_LIMIT;
    } else if (stopped == Termination.WALL_TIME_LIMIT) {
      termination = Termination.WALL_TIME_LIMIT;
    } else if (run.oomKilled()) {
      termination = Termination.MEMORY_LIMIT;
    } else {
      termination = Termination.EXITED;
    }
    return new RunResult(
        termination,
        exitCode,
        cpuNanos / 1e6,
        wallMs,
        run.peakMemoryBytes(),
        stdout.bytes(),
        stderr.bytes());
  }

  /** Tells a sandbox that failed to start from a program that failed. */
  private static void checkStarted(int exitCode, Path status, BoundedOutput stderr) {
    String statusJson = "";
    try {
      statusJson = Files.exists(status) ? Files.readString(status) : "";
    } catch (IOException e) {
      // why: an unreadable status file is judged like a missing one below.
    }
    if (exitCode == LAUNCH_FAILED && !statusJson.contains("child-pid")) {
      throw new SandboxStartException(
          "sandbox launch failed: " + new String(stderr.bytes(), StandardCharsets.UTF_8).trim(),
          null);
    }
    if (!statusJson.contains("child-pid")) {
      throw new SandboxStartException(
          "bubblewrap did not start the command (exit "
              + exitCode
              + "): "
              + new String(stderr.bytes(), StandardCharsets.UTF_8).trim(),
          null);
    }
  }

  private List<String> command(RunRequest request) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add("/bin/sh");
    cmd.add("-c");
    cmd.add(LAUNCH_SCRIPT);
    cmd.add("verdict-launch");
    cmd.add("/usr/bin/setpriv");
    cmd.add("--reuid=" + uid);
    cmd.add("--regid=" + uid);
    cmd.add("--clear-groups");
    cmd.add("--inh-caps=-all");
    cmd.add(bwrap);
    cmd.addAll(
        List.of(
            "--unshare-all",
            "--unshare-user",
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
    for (String path : request.readOnlyPaths()) {
      if (!path.isEmpty() && !Path.of(path).startsWith("/usr")) {
        cmd.addAll(List.of("--ro-bind", path, path));
      }
    }
    long tmpBytes = request.limits().tmpMb() * 1024L * 1024L;
    cmd.addAll(List.of("--proc", "/proc", "--dev", "/dev"));
    cmd.addAll(List.of("--size", Long.toString(tmpBytes), "--tmpfs", "/tmp"));
    if (request.writableWorkDir()) {
      cmd.addAll(List.of("--bind", request.workDir().toString(), "/box"));
    } else {
      cmd.addAll(List.of("--size", Long.toString(tmpBytes), "--tmpfs", "/box"));
      try (Stream<Path> entries = Files.list(request.workDir())) {
        for (Path entry : entries.sorted().toList()) {
          cmd.addAll(
              List.of("--ro-bind", entry.toString(), "/box/" + entry.getFileName().toString()));
        }
      }
    }
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

  private static void joinQuietly(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    cgroup.close();
  }
}
