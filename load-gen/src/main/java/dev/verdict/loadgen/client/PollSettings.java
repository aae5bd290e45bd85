package dev.verdict.loadgen.client;

import java.time.Duration;

/**
 * How status polling is paced.
 *
 * @param interval the base interval, 1 ms..10 s
 * @param maxInterval the longest interval backoff reaches, at least {@code interval}
 * @param backoff factor per unchanged poll, 1.0 (none)..4.0
 * @param longPoll how long the server may hold a status request until the submission changes (its
 *     {@code ?after=&waitMs=} long poll), or zero to poll on the interval schedule instead
 */
public record PollSettings(
    Duration interval, Duration maxInterval, double backoff, Duration longPoll) {
  public PollSettings(Duration interval, Duration maxInterval, double backoff) {
    this(interval, maxInterval, backoff, Duration.ZERO);
  }

  public PollSettings {
    if (longPoll.isNegative() || longPoll.compareTo(Duration.ofSeconds(30)) > 0) {
      throw new IllegalArgumentException(
          "--long-poll must be 0..30s, was " + longPoll.toMillis() + "ms");
    }
    if (interval.compareTo(Duration.ofMillis(1)) < 0
        || interval.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new IllegalArgumentException(
          "--poll-interval must be 1ms..10s, was " + interval.toMillis() + "ms");
    }
    if (maxInterval.compareTo(interval) < 0) {
      throw new IllegalArgumentException(
          "--max-poll-interval must be at least --poll-interval, was "
              + maxInterval.toMillis()
              + "ms");
    }
    if (!(backoff >= 1.0 && backoff <= 4.0)) {
      throw new IllegalArgumentException("--poll-backoff must be 1.0..4.0, was " + backoff);
    }
  }
}
