package dev.verdict.worker.sandbox;

/** How a run ended. */
public enum Termination {
  /** The program ended by itself: exit code or signal in {@link RunResult#exitCode()}. */
  EXITED,
  /** Killed: its processes used more CPU time than allowed. */
  CPU_TIME_LIMIT,
  /** Killed: it ran longer than the wall-clock limit. */
  WALL_TIME_LIMIT,
  /** Killed by the kernel's out-of-memory killer inside the run's memory cgroup. */
  MEMORY_LIMIT,
  /** Killed: it wrote more than the output limit to stdout or stderr. */
  OUTPUT_LIMIT
}
