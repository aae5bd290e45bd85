package dev.verdict.workerbench.baseline;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One submission graded in the baseline loop. Times in milliseconds.
 *
 * @param core the core its loop is pinned to
 * @param startedAtMs since the baseline's start
 * @param wallMs lay-out, compile, every test run and check, clean-up
 * @param compileMs the compile step's wall time (0 for interpreted languages)
 * @param runMs the test runs' wall time, summed
 * @param tests test runs made
 * @param expected whether the verdict is one the workload expects
 */
@JsonPropertyOrder({
  "core",
  "entry",
  "startedAtMs",
  "measured",
  "verdict",
  "expected",
  "wallMs",
  "compileMs",
  "runMs",
  "tests"
})
public record RawSample(
    int core,
    String entry,
    double startedAtMs,
    boolean measured,
    String verdict,
    boolean expected,
    double wallMs,
    double compileMs,
    double runMs,
    int tests) {

  double finishedAtMs() {
    return startedAtMs + wallMs;
  }
}
