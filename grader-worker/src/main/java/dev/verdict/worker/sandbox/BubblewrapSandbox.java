package dev.verdict.worker.sandbox;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import dev.verdict.common.limits.ResourceLimits;
import dev.verdict.worker.cgroup.CgroupException;
import dev.verdict.worker.cgroup.RunCgroup;
import dev.verdict.worker.cgroup.SlotCgroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs each command in a fresh bubblewrap sandbox: new user, PID, network, IPC, UTS, mount and
 * cgroup namespaces; no network; /usr read-only; a private work directory and /tmp on size-capped
 * tmpfs; as the slot's own unprivileged uid; in a fresh cgroup that limits memory and processes,
 * measures CPU time and peak memory, and pins every process to the slot's core.
 *
 * <p>Start-up chain:
 *
 * <ol>
 *   <li>{@code setpriv --pdeathsig KILL unshare --pid --fork --kill-child}: dies with the worker
 *       thread that started it, taking the run with it, and forks
 *   <li>{@code /bin/sh} (as root) as pid 1 of a new PID namespace, outside the run's cgroups: it
 *       waits for the subshell below and exits with its status, and its exit makes the kernel kill
 *       and reap every process of the run first, so no zombie of the run outlives {@link #run};
 *   <li>a subshell joins the run's cgroups, sets the rlimits (CPU seconds as a backstop, file size,
 *       open files, stack, processes per uid, no core files), opens bubblewrap's status file and
 *       exec's
 *   <li>{@code setpriv}, which drops to the slot's uid and gid with no supplementary groups and no
 *       capabilities and exec's
 *   <li>{@code bwrap}, now unprivileged, which builds the namespaces and mounts and runs the
 *       command.
 * </ol>
 *
 * <p>The native launcher (grader-worker/src/main/c/, the default) does the same in one static
 * program, as a child subreaper outside the run's cgroups in place of the outer PID namespace. With
 * {@link LaunchOptions#builtin()} it also builds the sandbox itself, from the same options, instead
 * of running bubblewrap (about 2 ms less per run; see grader-worker/src/main/c/builtin.c).
 *
 * <p>A run's CPU time is its cgroup's CPU counter (it counts every process of the run, so forking
 * cannot dodge it) minus what bubblewrap's own processes used to build the sandbox, start the
 * program and tear the sandbox down, which the native launcher measures (the shell chain does not:
 * there the run's CPU time includes it). The CPU-time limit is enforced by reading the counter
 * whenever the limit could have been reached; the wall-time limit by a deadline. Either kills every
 * process in the run's cgroup. When the command exits, whatever it left running (a daemon that
 * forked away) is killed too, and the run's cgroup removed, before {@link #run} returns.
 *
 * <p>Call {@link #run} from a long-lived platform thread: the run dies with the thread that started
 * it (a parent-death signal follows the parent thread, not the process).
 */
public final class BubblewrapSandbox implements Sandbox {
  private static final long MIN_WAIT_NANOS = 1_000_000;

  private final SlotCgroup cgroup;
  private final Path scratch;
  private final int uid;
  private final BubblewrapCommand command;
  private final Spawner spawner;
  private final ReentrantLock runLock = new ReentrantLock();
  private final Timer setupTimer;
  private final Timer executionTimer;
  private final Timer teardownTimer;

  /**
   * @param cgroup the slot's cgroups, pinned to its core
   * @param scratch a directory for the sandbox's own files (never visible inside a run)
   * @param uid the slot's uid and gid, unprivileged (not 0) and used by no other slot
   * @param bwrap the bubblewrap binary
   */
  public BubblewrapSandbox(SlotCgroup cgroup, Path scratch, int uid, String bwrap) {
    this(cgroup, scratch, uid, bwrap, LaunchOptions.SHELL, new MetricRegistry());
  }

  /**
   * @param options how runs are launched: the native launcher and the slot's network namespace, or
   *     the shell chain
   */
  public BubblewrapSandbox(
      SlotCgroup cgroup,
      Path scratch,
      int uid,
      String bwrap,
      LaunchOptions options,
      MetricRegistry metrics) {
    if (uid <= 0) {
      throw new IllegalArgumentException("the sandbox uid must be an unprivileged uid, was " + uid);
    }
    this.cgroup = cgroup;
    this.scratch = scratch;
    this.uid = uid;
    this.command = new BubblewrapCommand(uid, bwrap, options);
    this.spawner = options.spawner() ? new Spawner(options.nativeLauncher()) : null;
    this.setupTimer = metrics.timer("verdict.worker.sandbox.setup");
    this.executionTimer = metrics.timer("verdict.worker.sandbox.execution");
    this.teardownTimer = metrics.timer("verdict.worker.sandbox.teardown");
    try {
      Files.createDirectories(scratch);
      if (options.builtin()) {
        Files.createDirectories(
            BubblewrapCommand.builtinRoot(scratch.resolve("bwrap-status.json")));
      }
    } catch (IOException e) {
      throw new SandboxException("cannot create " + scratch + ": " + e, false, e);
    }
  }

  @Override
  public String kind() {
    return command.builtin() ? "builtin" : "bubblewrap";
  }

  public int uid() {
    return uid;
  }

  /** The pid of the slot's spawner while it runs; -1 without one (or before the first run). */
  public long spawnerPid() {
    return spawner == null ? -1 : spawner.pid();
  }

  @Override
  public RunResult run(RunRequest request) {
    // why: a slot's runs share its scratch directory (bubblewrap's status file) and its spawner.
    runLock.lock();
    try {
      return runAlone(request);
    } catch (CgroupException e) {
      throw new SandboxException(e.getMessage(), e.retryable(), e);
    } finally {
      runLock.unlock();
    }
  }

  private RunResult runAlone(RunRequest request) {
    long setupStart = System.nanoTime();
    RunCgroup run = cgroup.newRun(request.limits(), command.sandboxProcesses());
    Path status = scratch.resolve("bwrap-status.json");
    Path ownCpu = scratch.resolve("sandbox-cpu");
    Phases phases = new Phases(setupStart);
    try {
      Files.deleteIfExists(status);
      Files.deleteIfExists(ownCpu);
      return execute(request, run, status, ownCpu, phases);
    } catch (IOException e) {
      throw new SandboxStartException("cannot start the sandbox: " + e, e);
    } finally {
      run.close();
      phases.record(setupTimer, executionTimer, teardownTimer);
    }
  }

  /**
   * When a run's phases ended: setup (cgroups and process start), execution (until the launcher
   * exited) and teardown (killing leftovers, collecting output and figures, removing cgroups).
   */
  private static final class Phases {
    private final long start;
    private long started;
    private long exited;

    Phases(long start) {
      this.start = start;
    }

    void record(Timer setup, Timer execution, Timer teardown) {
      long end = System.nanoTime();
      if (started > 0) {
        setup.update(started - start, TimeUnit.NANOSECONDS);
        if (exited > 0) {
          execution.update(exited - started, TimeUnit.NANOSECONDS);
          teardown.update(end - exited, TimeUnit.NANOSECONDS);
        }
      }
    }
  }

  private RunResult execute(
      RunRequest request, RunCgroup run, Path status, Path ownCpu, Phases phases)
      throws IOException {
    ResourceLimits limits = request.limits();
    Runnable killOnOverflow = run::killAll;
    BoundedOutput stdout = new BoundedOutput(limits.outputBytes(), killOnOverflow);
    BoundedOutput stderr = new BoundedOutput(limits.outputBytes(), killOnOverflow);
    List<String> argv = command.argv(request, run, status, ownCpu);

    long start = System.nanoTime();
    Launched launched =
        spawner != null
            ? spawner.start(argv.subList(1, argv.size()), stdout, stderr)
            : ProcessLaunch.start(
                argv, command.environment(run, status, limits), request.stdin(), stdout, stderr);
    phases.started = System.nanoTime();

    Termination stopped =
        await(
            launched,
            run,
            limits,
            start,
            command.measuresOwnCpu() ? status : null,
            command.builtin());
    phases.exited = System.nanoTime();
    // why: a daemon that outlived the command still holds the pipes open; kill it so they close.
    run.killAll();
    drain(launched);
    double wallMs = (System.nanoTime() - start) / 1e6;

    int exitCode = launched.exitCode();
    long sandboxNanos = sandboxCpuNanos(ownCpu);
    long cpuNanos = Math.max(0, run.cpuNanos() - sandboxNanos);
    Stops.Observed seen =
        new Stops.Observed(
            stdout.exceeded(), stderr.exceeded(), stopped, cpuNanos, run.oomKilled(), exitCode);
    checkStarted(seen, status, stderr);
    Stops.Stop stop = Stops.classify(seen, limits);
    return new RunResult(
        stop.termination(),
        exitCode,
        cpuNanos / 1e6,
        wallMs,
        run.peakMemoryBytes(),
        stdout.bytes(),
        stderr.bytes(),
        stop.reason());
  }

  /**
   * The CPU time of the sandbox's own processes (bubblewrap's monitor and init: building the
   * sandbox, starting the program, tearing it down), as the native launcher wrote it; 0 when it
   * wrote nothing (the shell chain, or a launch that failed).
   */
  private static long sandboxCpuNanos(Path ownCpu) {
    try {
      return Long.parseLong(Files.readString(ownCpu).trim());
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  /**
   * Waits for the command to end, killing the run at its CPU or wall time limit.
   *
   * @param status bubblewrap's status file, which names its processes: their CPU time is not the
   *     program's; null when the launcher charges it to the program
   * @param builtin whether the launcher built the sandbox (its init is then the only process of the
   *     sandbox's own)
   */
  private static Termination await(
      Launched process,
      RunCgroup run,
      ResourceLimits limits,
      long start,
      Path status,
      boolean builtin) {
    long cpuLimitNanos = limits.timeLimitMs() * 1_000_000L;
    long wallDeadline = start + limits.wallTimeMs() * 1_000_000L;
    // why: every process of a run is confined to the slot's one core, so the run's CPU time grows
    // no faster than the wall clock: the CPU limit cannot be reached sooner than (limit - used)
    // from now. Looking only then, not every few milliseconds, wakes the slot about once per run.
    long wait = Math.min(cpuLimitNanos, wallDeadline - System.nanoTime());
    try {
      while (!process.waitFor(Math.max(MIN_WAIT_NANOS, wait), TimeUnit.NANOSECONDS)) {
        long cpu = run.cpuNanos();
        if (cpu > cpuLimitNanos && status != null) {
          cpu -= BubblewrapOwnCpu.soFar(status, builtin);
        }
        long now = System.nanoTime();
        Termination stopped = null;
        if (cpu > cpuLimitNanos) {
          stopped = Termination.CPU_TIME_LIMIT;
        } else if (now >= wallDeadline) {
          stopped = Termination.WALL_TIME_LIMIT;
        }
        if (stopped != null) {
          run.killAll();
          process.waitFor();
          return stopped;
        }
        wait = Math.min(cpuLimitNanos - cpu, wallDeadline - now);
      }
      return null;
    } catch (InterruptedException e) {
      run.killAll();
      Thread.currentThread().interrupt();
      throw new SandboxException("interrupted while running", true, e);
    }
  }

  /**
   * Tells a sandbox that failed to start from a program that failed. Bubblewrap reports {@code
   * exit-code} on its status file only when the command ran and ended; without it, the run counts
   * as started only if the sandbox or the kernel killed it for a limit. Anything else (a mount that
   * failed, a missing binary of the chain) is the sandbox's failure, whatever the exit status.
   */
  private static void checkStarted(Stops.Observed seen, Path status, BoundedOutput stderr) {
    String statusJson = "";
    try {
      statusJson = Files.exists(status) ? Files.readString(status) : "";
    } catch (IOException e) {
      // why: an unreadable status file is judged like a missing one below.
    }
    boolean stoppedAtALimit =
        seen.stoppedBy() != null || seen.stdoutOver() || seen.stderrOver() || seen.oomKilled();
    if (statusJson.contains("\"exit-code\"") || stoppedAtALimit) {
      return;
    }
    String detail = new String(stderr.bytes(), StandardCharsets.UTF_8).trim();
    if (seen.exitCode() == BubblewrapCommand.LAUNCH_FAILED) {
      throw new SandboxStartException("sandbox launch failed: " + detail, null);
    }
    throw new SandboxStartException(
        "bubblewrap did not run the command (exit " + seen.exitCode() + "): " + detail, null);
  }

  private static void drain(Launched launched) {
    try {
      launched.drain();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (spawner != null) {
      spawner.close();
    }
    cgroup.close();
  }
}
