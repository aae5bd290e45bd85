package dev.verdict.workerbench.baseline;

import dev.verdict.loadgen.run.LatencyStats;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/**
 * The raw sandbox limit: what the cores grade per second running only the sandboxed steps.
 *
 * @param cores the cores the loops ran on, one loop each
 * @param submitted submissions started after the warm-up
 * @param completedInWindow submissions finished inside the window, whenever started
 * @param submissionsPerSecond the raw limit: {@code completedInWindow / windowSeconds}
 * @param wall one submission's whole grading (lay-out, compile, runs, checks, clean-up)
 * @param compile the compile step alone (compiled languages)
 * @param run the test runs of one submission, summed
 */
public record BaselineFigures(
    List<Integer> cores,
    double windowSeconds,
    long submitted,
    long completedInWindow,
    double submissionsPerSecond,
    double submissionsPerSecondPerCore,
    LatencyStats wall,
    LatencyStats compile,
    LatencyStats run,
    double testsPerSubmission,
    Map<String, Long> verdicts,
    long unexpectedVerdicts) {

  static BaselineFigures of(
      List<Integer> cores, List<RawSample> samples, double windowStartMs, double windowEndMs) {
    List<RawSample> measured = samples.stream().filter(RawSample::measured).toList();
    double window = Math.max(0, windowEndMs - windowStartMs) / 1000;
    long inWindow =
        samples.stream()
            .filter(s -> s.finishedAtMs() >= windowStartMs && s.finishedAtMs() <= windowEndMs)
            .count();
    Map<String, Long> verdicts = new TreeMap<>();
    measured.forEach(s -> verdicts.merge(s.verdict(), 1L, Long::sum));
    double rate = window > 0 ? inWindow / window : 0;
    return new BaselineFigures(
        List.copyOf(cores),
        round(window, 3),
        measured.size(),
        inWindow,
        round(rate, 3),
        round(rate / cores.size(), 3),
        LatencyStats.of(histogram(measured, RawSample::wallMs)),
        LatencyStats.of(
            histogram(
                measured.stream().filter(s -> s.compileMs() > 0).toList(), RawSample::compileMs)),
        LatencyStats.of(histogram(measured, RawSample::runMs)),
        measured.isEmpty()
            ? 0
            : round(measured.stream().mapToInt(RawSample::tests).average().orElse(0), 2),
        verdicts,
        measured.stream().filter(s -> !s.expected()).count());
  }

  static Histogram histogram(List<RawSample> samples, ToDoubleFunction<RawSample> ms) {
    Histogram histogram = new Histogram(3);
    samples.forEach(
        s -> histogram.recordValue(Math.max(0, Math.round(ms.applyAsDouble(s) * 1000))));
    return histogram;
  }

  private static double round(double value, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(value * scale) / scale;
  }
}
