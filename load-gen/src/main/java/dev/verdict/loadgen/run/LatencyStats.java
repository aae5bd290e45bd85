package dev.verdict.loadgen.run;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of one latency, in milliseconds. All zero when {@code count} is 0.
 *
 * @param count how many values were recorded
 */
public record LatencyStats(
    long count,
    double meanMs,
    double p50Ms,
    double p90Ms,
    double p99Ms,
    double p999Ms,
    double maxMs) {

  /** From a histogram of microseconds. */
  public static LatencyStats of(Histogram micros) {
    if (micros.getTotalCount() == 0) {
      return new LatencyStats(0, 0, 0, 0, 0, 0, 0);
    }
    return new LatencyStats(
        micros.getTotalCount(),
        ms(micros.getMean()),
        ms((double) micros.getValueAtPercentile(50)),
        ms((double) micros.getValueAtPercentile(90)),
        ms((double) micros.getValueAtPercentile(99)),
        ms((double) micros.getValueAtPercentile(99.9)),
        ms((double) micros.getMaxValue()));
  }

  private static double ms(double micros) {
    return Math.round(micros / 10.0) / 100.0;
  }
}
