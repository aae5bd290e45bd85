package dev.verdict.worker.sandbox;

/** How a run ended. */
public enum Termination {
  /** The program ended by itself: exit code or signal in {@link RunResult#exitCode()}. */
  EXITED,
  /** Killed: its processes together used more CPU time than allowed. */
  CPU_TIME_LIMIT,
  /** Killed: it ran longer than the wall-clock limit. */
  WALL_TIME_LIMIT,
  /** Killed by the kernel's out-of-memory killer inside the run's memory cgroup. */
  MEMORY_LIMIT,
  /**
   * Stopped for writing too much: more than the output limit to stdout (the sandbox kills it), or a
   * file larger than the file size limit (the kernel kills it with SIGXFSZ). {@link
   * RunResult#stopReason()} says which. Stderr beyond the output limit is cut off, never a stop.
   */
  OUTPUT_LIMIT
}
