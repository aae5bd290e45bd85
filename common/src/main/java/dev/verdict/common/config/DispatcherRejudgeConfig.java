package dev.verdict.common.config;

/**
 * How a dispatcher runs rejudges. Key prefix {@code dispatcher.rejudge.}.
 *
 * @param pageSize submissions read, and queued for a new grading, per page of a rejudge's
 *     selection: one query, one progress write, and at most this many held in memory
 * @param maxInFlight new gradings of one rejudge queued but not yet finished; at this many the
 *     rejudge waits for results before it queues more, so the task queues (and the broker's memory)
 *     hold a bounded share of it whatever its size
 * @param perSecond new gradings one rejudge queues per second at most, so its MongoDB and broker
 *     writes leave room for new submissions
 * @param pollMs how often an idle dispatcher looks for a rejudge to run
 * @param leaseMs how long a rejudge stays with the dispatcher that runs it without a sign of life
 *     from it; then another dispatcher takes it over where it got to
 */
public record DispatcherRejudgeConfig(
    Integer pageSize, Integer maxInFlight, Integer perSecond, Integer pollMs, Integer leaseMs) {

  public static final int DEFAULT_PAGE_SIZE = 100;
  public static final int DEFAULT_MAX_IN_FLIGHT = 500;
  public static final int DEFAULT_PER_SECOND = 200;
  public static final int DEFAULT_POLL_MS = 1_000;
  public static final int DEFAULT_LEASE_MS = 60_000;

  public DispatcherRejudgeConfig {
    pageSize = Check.intIn("dispatcher.rejudge.pageSize", pageSize, DEFAULT_PAGE_SIZE, 1, 10_000);
    maxInFlight =
        Check.intIn(
            "dispatcher.rejudge.maxInFlight", maxInFlight, DEFAULT_MAX_IN_FLIGHT, 1, 1_000_000);
    perSecond =
        Check.intIn("dispatcher.rejudge.perSecond", perSecond, DEFAULT_PER_SECOND, 1, 100_000);
    pollMs = Check.intIn("dispatcher.rejudge.pollMs", pollMs, DEFAULT_POLL_MS, 10, 600_000);
    leaseMs =
        Check.intIn("dispatcher.rejudge.leaseMs", leaseMs, DEFAULT_LEASE_MS, 1_000, 3_600_000);
  }

  public static DispatcherRejudgeConfig defaults() {
    return new DispatcherRejudgeConfig(null, null, null, null, null);
  }
}
