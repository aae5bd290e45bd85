package dev.verdict.loadgen.run;

import dev.verdict.loadgen.client.PollSettings;

/**
 * One submission's status-poll intervals: the base interval after any sign of progress, growing by
 * {@code factor} with every poll that shows nothing new, up to {@code max}. Short submissions are
 * seen finishing within about one base interval; long ones (a time-limit case) cost few requests.
 */
final class PollSchedule {
  private final long baseNanos;
  private final long maxNanos;
  private final double factor;
  private long currentNanos;

  PollSchedule(PollSettings settings) {
    this.baseNanos = settings.interval().toNanos();
    this.maxNanos = Math.max(baseNanos, settings.maxInterval().toNanos());
    this.factor = settings.backoff();
    this.currentNanos = baseNanos;
  }

  /** The wait before the next poll; the one after it is longer unless {@link #progressed}. */
  long nextDelayNanos() {
    long delay = currentNanos;
    currentNanos = Math.min(maxNanos, Math.round(currentNanos * factor));
    return delay;
  }

  /** The last poll showed a change: poll at the base interval again. */
  void progressed() {
    currentNanos = baseNanos;
  }
}
