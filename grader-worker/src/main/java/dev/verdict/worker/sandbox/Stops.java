package dev.verdict.worker.sandbox;

import dev.verdict.common.limits.ResourceLimits;

/** Decides how a run ended, and why it was stopped, from what the sandbox observed. */
final class Stops {
  /** The signal the kernel sends a process that writes past RLIMIT_FSIZE. */
  static final int SIGXFSZ = 25;

  private Stops() {}

  /** How a run ended and, unless it ended by itself, why it was stopped. */
  record Stop(Termination termination, String reason) {}

  /**
   * What the sandbox saw of a run.
   *
   * @param stdoutOver stdout went over the output limit (stderr beyond it is only cut off)
   * @param stoppedBy the limit at which the sandbox killed the run, or null
   * @param cpuNanos CPU time of every process of the run
   * @param oomKilled the kernel's OOM killer killed a process of the run
   * @param exitCode the command's exit status, 128+n for signal n
   */
  record Observed(
      boolean stdoutOver, Termination stoppedBy, long cpuNanos, boolean oomKilled, int exitCode) {}

  /**
   * The limits come first, in this order: output, memory, CPU time, wall time, file size. An OOM
   * kill ranks above the time limits because it is a definite event that often causes what follows
   * (a parent waiting forever for a child the OOM killer took). A file over the file size limit
   * ends as {@link Termination#OUTPUT_LIMIT}: the kernel kills the writer with SIGXFSZ, and for
   * grading, writing too much to a file is writing too much.
   */
  static Stop classify(Observed seen, ResourceLimits limits) {
    if (seen.stdoutOver()) {
      return new Stop(
          Termination.OUTPUT_LIMIT, "output limit: stdout went over " + limits.outputKb() + " KB");
    }
    if (seen.oomKilled()) {
      return new Stop(
          Termination.MEMORY_LIMIT,
          "memory limit: its processes needed more than " + limits.memoryMb() + " MB");
    }
    if (seen.stoppedBy() == Termination.CPU_TIME_LIMIT
        || seen.cpuNanos() > limits.timeLimitMs() * 1_000_000L) {
      return new Stop(
          Termination.CPU_TIME_LIMIT,
          "cpu time limit: its processes used more than " + limits.timeLimitMs() + " ms");
    }
    if (seen.stoppedBy() == Termination.WALL_TIME_LIMIT) {
      return new Stop(
          Termination.WALL_TIME_LIMIT,
          "wall time limit: it ran longer than " + limits.wallTimeMs() + " ms");
    }
    if (seen.exitCode() == 128 + SIGXFSZ) {
      return new Stop(
          Termination.OUTPUT_LIMIT,
          "file size limit: a file reached " + limits.fileSizeKb() + " KB (SIGXFSZ)");
    }
    return new Stop(Termination.EXITED, null);
  }

  /**
   * The time limit a running run has reached, CPU time first; null when neither.
   *
   * @param cpuNanos the run's CPU time so far
   * @param now and {@code wallDeadline}: {@link System#nanoTime()} values
   */
  static Termination timeLimitReached(
      long cpuNanos, long cpuLimitNanos, long now, long wallDeadline) {
    if (cpuNanos > cpuLimitNanos) {
      return Termination.CPU_TIME_LIMIT;
    }
    return now >= wallDeadline ? Termination.WALL_TIME_LIMIT : null;
  }
}
