package dev.verdict.loadgen.run;

import java.time.Duration;

/**
 * How long a run lasts and how it treats its submissions.
 *
 * @param duration send new submissions for this long; null when {@code count} is set
 * @param count send exactly this many submissions; 0 when {@code duration} is set
 * @param warmup leave out of every figure the submissions sent during this first part of the run
 * @param timeout give up on a submission not DONE this long after its POST
 * @param maxInFlight the most submissions load-gen follows at once (open loop); arrivals beyond it
 *     are dropped and counted, so an overloaded system cannot exhaust load-gen
 * @param acceptOnly only submit: follow no submission, so the run measures the API's ingest
 */
public record RunLimits(
    Duration duration,
    long count,
    Duration warmup,
    Duration timeout,
    int maxInFlight,
    boolean acceptOnly) {

  public RunLimits(
      Duration duration, long count, Duration warmup, Duration timeout, int maxInFlight) {
    this(duration, count, warmup, timeout, maxInFlight, false);
  }

  public RunLimits {
    if ((duration == null) == (count == 0)) {
      throw new IllegalArgumentException("give either --duration or --count");
    }
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      throw new IllegalArgumentException("--duration must be positive, was " + duration);
    }
    if (count < 0) {
      throw new IllegalArgumentException("--count must be positive, was " + count);
    }
    warmup = warmup == null ? Duration.ZERO : warmup;
    if (warmup.isNegative() || (duration != null && warmup.compareTo(duration) >= 0)) {
      throw new IllegalArgumentException(
          "--warmup must be 0 or more and shorter than --duration, was " + warmup);
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("--timeout must be positive, was " + timeout);
    }
    if (maxInFlight < 1 || maxInFlight > 1_000_000) {
      throw new IllegalArgumentException("--max-in-flight must be 1..1000000, was " + maxInFlight);
    }
  }

  public boolean counted() {
    return duration == null;
  }
}
