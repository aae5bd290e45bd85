package dev.verdict.worker.sandbox;

/**
 * What a run did.
 *
 * @param exitCode exit status; 128+n when the program was killed by signal n
 * @param cpuTimeMs CPU time of every process of the run, user and system
 * @param wallTimeMs elapsed time from start to the last process gone
 * @param peakMemoryBytes the run's peak memory (cgroup accounting, all processes, tmpfs included)
 * @param stdout captured standard output, at most the output limit
 * @param stderr captured standard error, at most the output limit
 */
public record RunResult(
    Termination termination,
    int exitCode,
    double cpuTimeMs,
    double wallTimeMs,
    long peakMemoryBytes,
    byte[] stdout,
    byte[] stderr) {

  /** Whether the program ended by itself with exit code 0. */
  public boolean succeeded() {
    return termination == Termination.EXITED && exitCode == 0;
  }

  /** The signal that killed the program, or 0. Exit statuses above 128 are read as signals. */
  public int signal() {
    return exitCode > 128 && exitCode < 128 + 65 ? exitCode - 128 : 0;
  }

  /** Why the sandbox stopped the run, or null when it ended by itself. */
  public String stopReason() {
    return switch (termination) {
      case EXITED -> null;
      case CPU_TIME_LIMIT -> "cpu time limit";
      case WALL_TIME_LIMIT -> "wall time limit";
      case MEMORY_LIMIT -> "memory limit";
      case OUTPUT_LIMIT -> "output limit";
    };
  }
}
