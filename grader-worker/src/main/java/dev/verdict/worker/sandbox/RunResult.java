package dev.verdict.worker.sandbox;

/**
 * What a run did.
 *
 * @param termination how it ended: by itself, or stopped by the sandbox at a limit
 * @param exitCode exit status; 128+n when the program was killed by signal n
 * @param cpuTimeMs CPU time of every process of the run, user and system
 * @param wallTimeMs elapsed time from start to the last process gone
 * @param peakMemoryBytes the run's peak memory (cgroup accounting, all processes, tmpfs included)
 * @param stdout captured standard output, byte for byte, at most the output limit
 * @param stderr captured standard error, byte for byte, cut off at the output limit
 * @param stopReason why the sandbox stopped the run, naming the limit (e.g. {@code "file size
 *     limit: a file reached 64 KB"}); null exactly when {@code termination} is {@link
 *     Termination#EXITED}. Given null for another termination, a generic reason is filled in.
 */
// why: the output arrays are filled once by the sandbox and only read afterwards; copying up to
// megabytes of output per run to guard against mutation would cost more than it protects.
@SuppressWarnings("ArrayRecordComponent")
public record RunResult(
    Termination termination,
    int exitCode,
    double cpuTimeMs,
    double wallTimeMs,
    long peakMemoryBytes,
    byte[] stdout,
    byte[] stderr,
    String stopReason) {

  public RunResult {
    if (termination == Termination.EXITED) {
      stopReason = null;
    } else if (stopReason == null) {
      stopReason = genericReason(termination);
    }
  }

  /** A result with the generic stop reason of its termination. */
  public RunResult(
      Termination termination,
      int exitCode,
      double cpuTimeMs,
      double wallTimeMs,
      long peakMemoryBytes,
      byte[] stdout,
      byte[] stderr) {
    this(termination, exitCode, cpuTimeMs, wallTimeMs, peakMemoryBytes, stdout, stderr, null);
  }

  /** Whether the program ended by itself with exit code 0. */
  public boolean succeeded() {
    return termination == Termination.EXITED && exitCode == 0;
  }

  /** The signal that killed the program, or 0. Exit statuses above 128 are read as signals. */
  public int signal() {
    return exitCode > 128 && exitCode < 128 + 65 ? exitCode - 128 : 0;
  }

  private static String genericReason(Termination termination) {
    return switch (termination) {
      case EXITED -> null;
      case CPU_TIME_LIMIT -> "cpu time limit";
      case WALL_TIME_LIMIT -> "wall time limit";
      case MEMORY_LIMIT -> "memory limit";
      case OUTPUT_LIMIT -> "output limit";
    };
  }
}
