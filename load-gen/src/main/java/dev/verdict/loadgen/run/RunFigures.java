package dev.verdict.loadgen.run;

import dev.verdict.loadgen.client.PollSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import org.HdrHistogram.Histogram;

/**
 * The figures of one run (or one sweep step), computed from its samples after the warm-up.
 *
 * @param mode {@code closed} or {@code open}
 * @param clients closed loop: concurrent clients; else null
 * @param offeredRatePerSecond open loop: the Poisson rate; else null
 * @param windowSeconds the measured period: warm-up end to sending end (or last completion)
 * @param submitted submissions sent after the warm-up
 * @param accepted of those, answered 202
 * @param graded of those, seen DONE (any verdict)
 * @param gradedInWindow submissions seen DONE inside the window, whenever sent: the throughput's
 *     numerator
 * @param gradedPerSecond throughput: {@code gradedInWindow / windowSeconds}
 * @param failed submissions not graded (with {@code --accept-only}: not accepted): refused, no
 *     answer, timed out or dropped
 * @param failureRate {@code failed / submitted}
 * @param errors problems by kind: {@code http-503}, {@code timeout}, {@code connection}, {@code
 *     timeout-waiting-for-done}, {@code unexpected-verdict:WRONG_ANSWER}, {@code poll-http-404}...
 * @param verdicts graded submissions by verdict
 * @param serverEndToEnd the server's own created-to-finished time, free of polling error
 * @param processes what the watched processes spent per graded submission, or null when none were
 *     watched
 */
public record RunFigures(
    String mode,
    Integer clients,
    Double offeredRatePerSecond,
    double windowSeconds,
    long submitted,
    long accepted,
    long graded,
    long gradedInWindow,
    double gradedPerSecond,
    double acceptedPerSecond,
    long failed,
    double failureRate,
    long unexpectedVerdicts,
    Map<String, Long> errors,
    Map<String, Long> verdicts,
    LatencyStats accept,
    LatencyStats firstResult,
    LatencyStats endToEnd,
    LatencyStats serverEndToEnd,
    Polling polling,
    Cpu loadGenCpu,
    Processes processes) {

  /**
   * @param gets status GETs made
   * @param getsPerSubmission GETs per accepted submission
   */
  public record Polling(
      long gets,
      double getsPerSubmission,
      double intervalMs,
      double maxIntervalMs,
      double backoff) {}

  /**
   * load-gen's own CPU use during the run.
   *
   * @param cpuMs process CPU time, every thread
   * @param cpuMsPerSubmission {@code cpuMs} per submission sent in the whole run (warm-up included,
   *     like {@code cpuMs})
   * @param percentOfCore {@code cpuMs} over the run's wall time, in % of one core
   */
  public record Cpu(double cpuMs, double cpuMsPerSubmission, double percentOfCore) {}

  /**
   * CPU time of the watched processes (see {@code --process}) in the window.
   *
   * @param cpuMsPerSubmission per process, CPU ms per submission graded in the window (with {@code
   *     --accept-only}: per submission accepted)
   * @param totalCpuMsPerSubmission their sum
   * @param machineBusyPercent the share of all the machine's cores that was busy in the window
   */
  public record Processes(
      Map<String, Double> cpuMsPerSubmission,
      double totalCpuMsPerSubmission,
      double machineBusyPercent) {
    static Processes of(ProcessUse use, long graded) {
      if (use.cpuMs().isEmpty()) {
        return null;
      }
      Map<String, Double> perSubmission = new LinkedHashMap<>();
      use.cpuMs().forEach((name, ms) -> perSubmission.put(name, perGraded(ms, graded)));
      double total = use.cpuMs().values().stream().mapToDouble(Double::doubleValue).sum();
      return new Processes(
          perSubmission, perGraded(total, graded), round(use.machineBusyPercent(), 1));
    }

    private static double perGraded(double ms, long graded) {
      return graded > 0 ? round(ms / graded, 2) : 0;
    }
  }

  public static RunFigures of(RunOutcome outcome) {
    List<SubmissionSample> measured = outcome.measured();
    double window = (outcome.windowEndNanos() - outcome.windowStartNanos()) / 1e9;
    long submitted = measured.size();
    long accepted = measured.stream().filter(SubmissionSample::accepted).count();
    long graded = measured.stream().filter(SubmissionSample::graded).count();
    long succeeded = measured.stream().filter(SubmissionSample::succeeded).count();
    long inWindow =
        outcome.samples().stream()
            .filter(SubmissionSample::graded)
            .filter(
                s ->
                    s.doneAtNanos() >= outcome.windowStartNanos()
                        && s.doneAtNanos() <= outcome.windowEndNanos())
            .count();
    Map<String, Long> errors = new TreeMap<>();
    Map<String, Long> verdicts = new TreeMap<>();
    long gets = 0;
    for (SubmissionSample s : measured) {
      if (s.errorKind() != null) {
        errors.merge(s.errorKind(), 1L, Long::sum);
      }
      s.pollErrors().forEach((kind, n) -> errors.merge(kind, (long) n, Long::sum));
      if (s.graded()) {
        verdicts.merge(String.valueOf(s.verdict()), 1L, Long::sum);
      }
      gets += s.polls();
    }
    long unexpected = measured.stream().filter(SubmissionSample::unexpectedVerdict).count();
    Load load = outcome.load();
    PollSettings poll = outcome.polling();
    double cpuMs = outcome.cpuNanos() / 1e6;
    // why: load-gen's CPU time covers the whole run, warm-up included, so it is shared out over
    // every submission of the run, not only the measured ones.
    long sentInRun = outcome.samples().size();
    return new RunFigures(
        load.mode(),
        load.open() ? null : load.clients(),
        load.open() ? load.rate() : null,
        round(window, 3),
        submitted,
        accepted,
        graded,
        inWindow,
        window > 0 ? round(inWindow / window, 3) : 0,
        window > 0 ? round(accepted / window, 3) : 0,
        submitted - succeeded,
        submitted > 0 ? round((submitted - succeeded) / (double) submitted, 4) : 0,
        unexpected,
        errors,
        verdicts,
        LatencyStats.of(
            histogram(
                measured.stream().filter(SubmissionSample::accepted).toList(),
                SubmissionSample::acceptMicros)),
        LatencyStats.of(histogram(measured, SubmissionSample::firstResultMicros)),
        LatencyStats.of(histogram(measured, SubmissionSample::endToEndMicros)),
        LatencyStats.of(histogram(measured, SubmissionSample::serverMicros)),
        new Polling(
            gets,
            accepted > 0 ? round(gets / (double) accepted, 2) : 0,
            poll.interval().toNanos() / 1e6,
            poll.maxInterval().toNanos() / 1e6,
            poll.backoff()),
        new Cpu(
            round(cpuMs, 1),
            sentInRun > 0 ? round(cpuMs / sentInRun, 3) : 0,
            outcome.wallNanos() > 0
                ? round(100.0 * outcome.cpuNanos() / outcome.wallNanos(), 2)
                : 0),
        Processes.of(outcome.processes(), outcome.limits().acceptOnly() ? accepted : inWindow));
  }

  /** The values (microseconds) of one latency over the samples that reached it. */
  public static Histogram histogram(
      List<SubmissionSample> samples, ToLongFunction<SubmissionSample> micros) {
    Histogram histogram = new Histogram(3);
    for (SubmissionSample s : samples) {
      long value = micros.applyAsLong(s);
      if (value >= 0) {
        histogram.recordValue(value);
      }
    }
    return histogram;
  }

  static double round(double value, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(value * scale) / scale;
  }
}
