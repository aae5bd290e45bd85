package dev.verdict.loadgen.run;

import java.util.Random;

/**
 * The gaps between arrivals of a Poisson process: exponentially distributed with mean {@code
 * 1/rate}, so arrivals are independent of each other and of how fast the system answers (an open
 * loop). Not thread-safe: one generator per arrival thread.
 */
public final class PoissonArrivals {
  private final double ratePerSecond;
  private final Random random;

  /**
   * @param ratePerSecond mean arrivals per second, 0.001..1,000,000
   * @param random the source of randomness; seed it to repeat a run
   */
  public PoissonArrivals(double ratePerSecond, Random random) {
    if (!(ratePerSecond >= 0.001 && ratePerSecond <= 1_000_000)) {
      throw new IllegalArgumentException(
          "rate must be 0.001..1000000 per second, was " + ratePerSecond);
    }
    this.ratePerSecond = ratePerSecond;
    this.random = random;
  }

  /** The time to the next arrival, in nanoseconds. */
  public long nextGapNanos() {
    // why: log1p(-u) with u in [0, 1) is never log(0), and is exact for small u.
    double seconds = -Math.log1p(-random.nextDouble()) / ratePerSecond;
    return Math.round(seconds * 1e9);
  }

  public double ratePerSecond() {
    return ratePerSecond;
  }
}
