package dev.verdict.loadgen.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PoissonArrivalsTest {
  private static final int N = 100_000;

  @Test
  void theMeanRateIsTheRequestedRateWithinStatisticalBounds() {
    double rate = 50;
    PoissonArrivals arrivals = new PoissonArrivals(rate, new Random(42));
    double sum = 0;
    double sumSquares = 0;
    for (int i = 0; i < N; i++) {
      double gap = arrivals.nextGapNanos() / 1e9;
      assertThat(gap).isGreaterThanOrEqualTo(0);
      sum += gap;
      sumSquares += gap * gap;
    }
    double mean = sum / N;
    double sd = Math.sqrt(sumSquares / N - mean * mean);
    // why: exponential gaps have standard deviation = mean = 1/rate, so the sample mean's is
    // (1/rate)/sqrt(N); 5 of them either side fail a correct generator about once in 3.5 million.
    double bound = 5 * (1 / rate) / Math.sqrt(N);
    assertThat(mean).isBetween(1 / rate - bound, 1 / rate + bound);
    // why: an exponential's coefficient of variation is 1; a fixed-interval generator gives 0.
    assertThat(sd / mean).isBetween(0.95, 1.05);
  }

  @Test
  void arrivalsInOneSecondWindowsAreCountedLikeAPoissonVariable() {
    double rate = 20;
    PoissonArrivals arrivals = new PoissonArrivals(rate, new Random(7));
    int windows = 5_000;
    int[] counts = new int[windows];
    long t = 0;
    while (true) {
      t += arrivals.nextGapNanos();
      int window = (int) (t / 1_000_000_000L);
      if (window >= windows) {
        break;
      }
      counts[window]++;
    }
    double mean = 0;
    for (int c : counts) {
      mean += c;
    }
    mean /= windows;
    double variance = 0;
    for (int c : counts) {
      variance += (c - mean) * (c - mean);
    }
    variance /= windows - 1;
    // why: a Poisson count's variance equals its mean (index of dispersion 1).
    assertThat(mean)
        .isBetween(rate - 5 * Math.sqrt(rate / windows), rate + 5 * Math.sqrt(rate / windows));
    assertThat(variance / mean).isBetween(0.9, 1.1);
  }

  @Test
  void theSameSeedGivesTheSameArrivals() {
    PoissonArrivals a = new PoissonArrivals(10, new Random(3));
    PoissonArrivals b = new PoissonArrivals(10, new Random(3));
    for (int i = 0; i < 100; i++) {
      assertThat(a.nextGapNanos()).isEqualTo(b.nextGapNanos());
    }
  }

  @Test
  void aRateOutOfRangeIsRejected() {
    assertThatThrownBy(() -> new PoissonArrivals(0, new Random()))
        .hasMessageContaining("rate must be 0.001..1000000 per second, was 0.0");
  }
}
