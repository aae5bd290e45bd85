package dev.verdict.loadgen.sweep;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.verdict.loadgen.run.RunFigures;

/**
 * One CSV row per sweep step. Latencies in milliseconds.
 *
 * @param offered clients (closed loop) or submissions per second (open loop)
 */
@JsonPropertyOrder({
  "step",
  "mode",
  "offered",
  "gradedPerSecond",
  "acceptedPerSecond",
  "submitted",
  "graded",
  "failed",
  "unexpectedVerdicts",
  "acceptP50",
  "acceptP99",
  "firstResultP50",
  "firstResultP99",
  "e2eP50",
  "e2eP90",
  "e2eP99",
  "e2eP999",
  "e2eMax",
  "getsPerSubmission",
  "loadGenCpuMsPerSubmission",
  "loadGenPercentOfCore"
})
public record StepRow(
    int step,
    String mode,
    double offered,
    double gradedPerSecond,
    double acceptedPerSecond,
    long submitted,
    long graded,
    long failed,
    long unexpectedVerdicts,
    double acceptP50,
    double acceptP99,
    double firstResultP50,
    double firstResultP99,
    double e2eP50,
    double e2eP90,
    double e2eP99,
    double e2eP999,
    double e2eMax,
    double getsPerSubmission,
    double loadGenCpuMsPerSubmission,
    double loadGenPercentOfCore) {

  public static StepRow of(Sweep.Step step) {
    RunFigures f = step.figures();
    return new StepRow(
        step.index(),
        f.mode(),
        step.load().offered(),
        f.gradedPerSecond(),
        f.acceptedPerSecond(),
        f.submitted(),
        f.graded(),
        f.failed(),
        f.unexpectedVerdicts(),
        f.accept().p50Ms(),
        f.accept().p99Ms(),
        f.firstResult().p50Ms(),
        f.firstResult().p99Ms(),
        f.endToEnd().p50Ms(),
        f.endToEnd().p90Ms(),
        f.endToEnd().p99Ms(),
        f.endToEnd().p999Ms(),
        f.endToEnd().maxMs(),
        f.polling().getsPerSubmission(),
        f.loadGenCpu().cpuMsPerSubmission(),
        f.loadGenCpu().percentOfCore());
  }
}
