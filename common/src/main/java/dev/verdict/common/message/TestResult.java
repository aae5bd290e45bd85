package dev.verdict.common.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

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
 * @param score for a test of a scoring problem with test groups: its score in its group (the
 *     validator's {@code score.txt}, else the group's score for an accepted or a rejected test);
 *     null otherwise
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
    String stderr,
    @JsonSerialize(using = WholeNumbers.class) Double score) {

  /** A result without output excerpts nor a score of its own. */
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
        null,
        null);
  }

  /** A result without a score of its own (its weight counts when it passes). */
  public TestResult(
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
        stdout,
        stderr,
        null);
  }

  /** The same result with {@code newScore} as its score. */
  public TestResult withScore(Double newScore) {
    return new TestResult(
        name,
        verdict,
        weight,
        cpuTimeMs,
        wallTimeMs,
        memoryKb,
        exitCode,
        stopReason,
        checkerMessage,
        stdout,
        stderr,
        newScore);
  }

  public boolean passed() {
    return verdict == Verdict.ACCEPTED;
  }
}
