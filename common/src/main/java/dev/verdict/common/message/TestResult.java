package dev.verdict.common.message;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The outcome of one test run.
 *
 * @param cpuTimeMs CPU time of every process of the run
 * @param wallTimeMs elapsed time
 * @param memoryKb peak memory of the run
 * @param exitCode the program's exit status; 128+n when killed by signal n
 * @param stopReason why the sandbox stopped the run, or null when it ended by itself
 * @param checkerMessage what the checker said, e.g. where a wrong answer differs
 * @param stdout the start of what the program wrote to standard output, at most {@code
 *     limits.outputExcerptBytes} bytes (cut at a character boundary, with a note that it was cut);
 *     null when it wrote nothing or excerpts are off
 * @param stderr the same of standard error
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TestResult(
    String name,
    Verdict verdict,
    int weight,
    double cpuTimeMs,
    double wallTimeMs,
    long memoryKb,
    Integer exitCode,
    String stopReason,
    String checkerMessage,
    String stdout,
    String stderr) {

  /** A result without output excerpts. */
  public TestResult(
      String name,
      Verdict verdict,
      int weight,
      double cpuTimeMs,
      double wallTimeMs,
      long memoryKb,
      Integer exitCode,
      String stopReason,
      String checkerMessage) {
    this(
        name,
        verdict,
        weight,
        cpuTimeMs,
        wallTimeMs,
        memoryKb,
        exitCode,
        stopReason,
        checkerMessage,
        null,
        null);
  }

  public boolean passed() {
    return verdict == Verdict.ACCEPTED;
  }
}
