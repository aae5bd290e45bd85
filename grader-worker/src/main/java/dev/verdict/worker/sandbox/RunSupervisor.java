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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What every backend whose runs live in cgroups the worker makes does around one run, whatever
 * builds the sandbox and however its first process starts: a fresh run cgroup below the slot's, the
 * outputs capped, the CPU-time and wall-time limits enforced by killing every process of the run
 * cgroup, nothing of the run left when it returns, and the result classified. The backend only
 * starts the run's processes ({@link Start}) and says how much CPU time its own processes used
 * while the run went on ({@link SandboxCpu}).
 *
 * <p>A run's CPU time is the run cgroup's counter (it counts every process of the run, so forking
 * cannot dodge it) minus what the sandbox's own processes used to build the sandbox, start the
 * program and tear the sandbox down, which the native launcher reports in {@link
 * RunFiles#sandboxCpu()} (the shell chain reports nothing: there the run's CPU time includes it).
 *
 * <p>One run at a time: a slot's runs share its scratch files. Call {@link #run} from a long-lived
 * platform thread: a run dies with the thread that started it (a parent-death signal follows the
 * parent thread, not the process).
 */
final class RunSupervisor implements AutoCloseable {
  /** The launcher's exit status when it failed itself, before the program ran. */
  static final int LAUNCH_FAILED = 125;

  private static final long MIN_WAIT_NANOS = 1_000_000;

  /** How a backend starts the processes of one run. */
  @FunctionalInterface
  interface Start {
    /**
     * Starts the run so that its first process joins {@code cgroup} before anything of the program
     * runs, with stdout and stderr going to the given outputs.
     */
    Launched start(
        RunRequest request,
        RunCgroup cgroup,
        RunFiles files,
        BoundedOutput stdout,
        BoundedOutput stderr)
        throws IOException;
  }

  /** The CPU time the sandbox's own processes of a running run used so far. */
  @FunctionalInterface
  interface SandboxCpu {
    /**
     * Nanoseconds of the run cgroup's CPU time that are not the program's so far; 0 when unknown.
     * Called only when the run may have reached its CPU-time limit.
     */
    long soFar(RunFiles files);

    /** For launchers that report nothing of the sandbox's own: all is charged to the program. */
    SandboxCpu NOT_MEASURED = files -> 0;
  }

  private final SlotCgroup cgroup;
  private final int sandboxProcesses;
  private final RunFiles files;
  private final ReentrantLock runLock = new ReentrantLock();
  private final Timer setupTimer;
  private final Timer executionTimer;
  private final Timer teardownTimer;

  /**
   * @param cgroup the slot's cgroups, pinned to its core
   * @param sandboxProcesses the sandbox's own processes in each run cgroup (see {@link
   *     SlotCgroup#newRun})
   * @param scratch a directory for the sandbox's own files (never visible inside a run)
   */
  RunSupervisor(SlotCgroup cgroup, int sandboxProcesses, Path scratch, MetricRegistry metrics) {
    this.cgroup = cgroup;
    this.sandboxProcesses = sandboxProcesses;
    this.files = RunFiles.in(scratch);
    this.setupTimer = metrics.timer("verdict.worker.sandbox.setup");
    this.executionTimer = metrics.timer("verdict.worker.sandbox.execution");
    this.teardownTimer = metrics.timer("verdict.worker.sandbox.teardown");
    try {
      Files.createDirectories(scratch);
    } catch (IOException e) {
      throw new SandboxException("cannot create " + scratch + ": " + e, false, e);
    }
    SeccompPolicy.writeTo(files.seccomp());
  }

  /**
   * @return {@code uid}, when it is fit to run untrusted code: not root's
   * @throws IllegalArgumentException otherwise
   */
  static int unprivileged(int uid) {
    if (uid <= 0) {
      throw new IllegalArgumentException("the sandbox uid must be an unprivileged uid, was " + uid);
    }
    return uid;
  }

  /** Runs the request as {@link Sandbox#run} promises. */
  RunResult run(RunRequest request, Start start, SandboxCpu sandboxCpu) {
    runLock.lock();
    try {
      return runAlone(request, start, sandboxCpu);
    } catch (CgroupException e) {
      throw new SandboxException(e.getMessage(), e.retryable(), e);
    } finally {
      runLock.unlock();
    }
  }

  private RunResult runAlone(RunRequest request, Start start, SandboxCpu sandboxCpu) {
    long setupStart = System.nanoTime();
    RunCgroup run = cgroup.newRun(request.limits(), sandboxProcesses);
    Phases phases = new Phases(setupStart);
    try {
      Files.deleteIfExists(files.status());
      Files.deleteIfExists(files.sandboxCpu());
      return execute(request, run, start, sandboxCpu, phases);
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
      RunRequest request, RunCgroup run, Start start, SandboxCpu sandboxCpu, Phases phases)
      throws IOException {
    ResourceLimits limits = request.limits();
    Runnable killOnOverflow = run::killAll;
    BoundedOutput stdout = new BoundedOutput(limits.outputBytes(), killOnOverflow);
    // why: stderr beyond its cap is cut off, not a verdict of its own (as judges do): only stdout
    // carries the answer, and diagnostics written in a loop end at the time limit.
    BoundedOutput stderr = new BoundedOutput(limits.outputBytes(), () -> {});

    long startNanos = System.nanoTime();
    Launched launched = start.start(request, run, files, stdout, stderr);
    phases.started = System.nanoTime();

    Termination stopped = await(launched, run, limits, startNanos, sandboxCpu);
    phases.exited = System.nanoTime();
    // why: a daemon that outlived the command still holds the pipes open; kill it so they close.
    run.killAll();
    drain(launched);
    double wallMs = (System.nanoTime() - startNanos) / 1e6;

    int exitCode = launched.exitCode();
    if ((stopped != null || stdout.exceeded()) && exitCode < 128) {
      // why: a run lasts until its last process has ended; when the program's first process had
      // exited by itself but others of the run were still there when the sandbox killed them all
      // at a limit, the run ended by that SIGKILL, not by the first process's exit status.
      exitCode = 128 + 9;
    }
    long cpuNanos = Math.max(0, run.cpuNanos() - reportedSandboxCpu());
    Stops.Observed seen =
        new Stops.Observed(stdout.exceeded(), stopped, cpuNanos, run.oomKilled(), exitCode);
    checkStarted(seen, stderr);
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
   * The CPU time of the sandbox's own processes as the native launcher wrote it after the run; 0
   * when it wrote nothing (the shell chain, or a launch that failed).
   */
  private long reportedSandboxCpu() {
    try {
      return Long.parseLong(Files.readString(files.sandboxCpu()).trim());
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  /** Waits for the launcher to end, killing the run at its CPU or wall time limit. */
  private Termination await(
      Launched process, RunCgroup run, ResourceLimits limits, long start, SandboxCpu sandboxCpu) {
    long cpuLimitNanos = limits.timeLimitMs() * 1_000_000L;
    long wallDeadline = start + limits.wallTimeMs() * 1_000_000L;
    // why: every process of a run is confined to the slot's one core, so the run's CPU time grows
    // no faster than the wall clock: the CPU limit cannot be reached sooner than (limit - used)
    // from now. Looking only then, not every few milliseconds, wakes the slot about once per run.
    long wait = Math.min(cpuLimitNanos, wallDeadline - System.nanoTime());
    try {
      while (!process.waitFor(Math.max(MIN_WAIT_NANOS, wait), TimeUnit.NANOSECONDS)) {
        long cpu = run.cpuNanos();
        if (cpu > cpuLimitNanos) {
          cpu -= sandboxCpu.soFar(files);
        }
        long now = System.nanoTime();
        Termination stopped = Stops.timeLimitReached(cpu, cpuLimitNanos, now, wallDeadline);
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
   * Tells a sandbox that failed to start from a program that failed. The sandbox reports {@code
   * exit-code} on its status file only when the command ran and ended; without it, the run counts
   * as started only if the sandbox or the kernel killed it for a limit. Anything else (a mount that
   * failed, a missing binary of the chain) is the sandbox's failure, whatever the exit status.
   */
  private void checkStarted(Stops.Observed seen, BoundedOutput stderr) {
    String statusJson = "";
    try {
      statusJson = Files.exists(files.status()) ? Files.readString(files.status()) : "";
    } catch (IOException e) {
      // why: an unreadable status file is judged like a missing one below.
    }
    boolean stoppedAtALimit = seen.stoppedBy() != null || seen.stdoutOver() || seen.oomKilled();
    if (statusJson.contains("\"exit-code\"") || stoppedAtALimit) {
      return;
    }
    String detail = new String(stderr.bytes(), StandardCharsets.UTF_8).trim();
    if (seen.exitCode() == LAUNCH_FAILED) {
      throw new SandboxStartException("sandbox launch failed: " + detail, null);
    }
    throw new SandboxStartException(
        "the sandbox did not run the command (exit " + seen.exitCode() + "): " + detail, null);
  }

  private static void drain(Launched launched) {
    try {
      launched.drain();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Removes the slot's cgroups; close the backend's launcher first. */
  @Override
  public void close() {
    cgroup.close();
  }
}
