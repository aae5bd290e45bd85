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
    String checkerMessage) {

  public boolean passed() {
    return verdict == Verdict.ACCEPTED;
  }
}
