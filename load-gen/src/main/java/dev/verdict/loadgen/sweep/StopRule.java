package dev.verdict.loadgen.sweep;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * When a sweep has found the system's limit: throughput stopped growing, latency exploded, or too
 * many submissions failed.
 *
 * @param minGain the relative throughput gain that counts as growth, e.g. 0.03
 * @param latencyFactor stop when a step's end-to-end p99 exceeds this multiple of the first step's
 * @param maxP99 stop when a step's end-to-end p99 exceeds this; null for no absolute bound
 * @param maxFailureRate stop when more than this share of a step's submissions were not graded
 */
public record StopRule(
    double minGain, double latencyFactor, Duration maxP99, double maxFailureRate) {

  public StopRule {
    if (!(minGain >= 0 && minGain <= 1)) {
      throw new IllegalArgumentException("--min-gain must be 0..1, was " + minGain);
    }
    if (!(latencyFactor > 1)) {
      throw new IllegalArgumentException("--latency-factor must be above 1, was " + latencyFactor);
    }
    if (!(maxFailureRate >= 0 && maxFailureRate <= 1)) {
      throw new IllegalArgumentException("--max-failure-rate must be 0..1, was " + maxFailureRate);
    }
  }

  /**
   * What the rule looks at in one step.
   *
   * @param throughput graded submissions per second
   * @param p99Ms end-to-end p99 in milliseconds
   * @param failureRate share of the step's submissions not graded
   */
  public record Point(double throughput, double p99Ms, double failureRate) {}

  /**
   * @param steps every step so far, in order
   * @return why the sweep should stop after the last step, or empty to go on
   */
  public Optional<String> stopReason(List<Point> steps) {
    if (steps.isEmpty()) {
      return Optional.empty();
    }
    int k = steps.size() - 1;
    Point last = steps.get(k);
    if (last.failureRate() > maxFailureRate) {
      return Optional.of(
          String.format(
              "%.1f%% of the step's submissions were not graded (limit %.1f%%)",
              100 * last.failureRate(), 100 * maxFailureRate));
    }
    if (maxP99 != null && last.p99Ms() > maxP99.toNanos() / 1e6) {
      return Optional.of(
          String.format(
              "end-to-end p99 %.0f ms exceeds --max-p99 %d ms", last.p99Ms(), maxP99.toMillis()));
    }
    double firstP99 = steps.get(0).p99Ms();
    if (k >= 1 && firstP99 > 0 && last.p99Ms() > latencyFactor * firstP99) {
      return Optional.of(
          String.format(
              "latency exploded: end-to-end p99 %.0f ms is over %.0fx the first step's %.0f ms",
              last.p99Ms(), latencyFactor, firstP99));
    }
    if (k >= 2) {
      double base = steps.get(k - 2).throughput();
      double bar = base * (1 + minGain);
      if (steps.get(k - 1).throughput() < bar && last.throughput() < bar) {
        return Optional.of(
            String.format(
                "throughput grew less than %.0f%% over two steps (%.2f, %.2f, %.2f /s)",
                100 * minGain, base, steps.get(k - 1).throughput(), last.throughput()));
      }
    }
    return Optional.empty();
  }
}
