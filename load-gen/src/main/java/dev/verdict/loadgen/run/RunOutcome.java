package dev.verdict.loadgen.run;

import dev.verdict.loadgen.client.PollSettings;
import java.util.List;

/**
 * The raw result of one run: every sample and the clocks needed to turn them into figures.
 *
 * @param windowStartNanos since the run's start: the end of the warm-up
 * @param windowEndNanos since the run's start: the end of the sending period, or for a counted run
 *     the last completion
 * @param cpuNanos load-gen's own CPU time during the run
 * @param wallNanos the run's elapsed time, drain included
 * @param processes CPU time of the watched processes in the window (none when none were watched)
 */
public record RunOutcome(
    int step,
    Load load,
    RunLimits limits,
    PollSettings polling,
    List<SubmissionSample> samples,
    long windowStartNanos,
    long windowEndNanos,
    long cpuNanos,
    long wallNanos,
    ProcessUse processes) {

  public RunOutcome {
    samples = List.copyOf(samples);
    processes = processes == null ? ProcessUse.none() : processes;
  }

  /** The samples the figures count: those sent after the warm-up. */
  public List<SubmissionSample> measured() {
    return samples.stream().filter(s -> s.submittedAtNanos() >= windowStartNanos).toList();
  }
}
