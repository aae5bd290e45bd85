package dev.verdict.common.config;

/**
 * The Jobe-compatible facade of the API ({@code /jobe/index.php/restapi/}). Key prefix {@code
 * jobe.}.
 *
 * @param enabled serve the facade at all
 * @param requireApiKey every request must carry a Verdict token in {@code X-API-KEY} (403
 *     otherwise), its runs owned by that token and drawn from its rate limit; false: the header is
 *     ignored, as Jobe ignores it by default, and runs are owned by {@code anonymousUser} with no
 *     rate limit
 * @param anonymousUser the owner of runs when no key is required
 * @param maxCpuTimeSecs the largest {@code cputime} a run may ask for; more is a 400, as Jobe's
 *     {@code cputime_upper_limit_secs}. The worker still clamps every run to {@code
 *     limits.max.timeLimitMs}
 * @param queueWaitMs how long a run may wait for a grader slot before the answer is outcome 21
 *     (server overload), as Jobe waits for a free user
 * @param runWaitMs how long a run that has started may take to report its result (compile, run, and
 *     a redelivery to another worker if one dies) before the answer is outcome 20
 * @param maxFileBytes the largest file a {@code PUT files/{id}} may store, decoded
 */
public record JobeConfig(
    Boolean enabled,
    Boolean requireApiKey,
    String anonymousUser,
    Integer maxCpuTimeSecs,
    Integer queueWaitMs,
    Integer runWaitMs,
    Integer maxFileBytes) {

  public static final int DEFAULT_MAX_CPU_TIME_SECS = 50;
  public static final int DEFAULT_QUEUE_WAIT_MS = 10_000;
  public static final int DEFAULT_RUN_WAIT_MS = 240_000;
  public static final int DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;
  public static final String DEFAULT_ANONYMOUS_USER = "jobe-anonymous";

  public JobeConfig {
    enabled = Check.bool(enabled, true);
    requireApiKey = Check.bool(requireApiKey, true);
    anonymousUser = Check.namePart("jobe.anonymousUser", anonymousUser, DEFAULT_ANONYMOUS_USER);
    maxCpuTimeSecs =
        Check.intIn("jobe.maxCpuTimeSecs", maxCpuTimeSecs, DEFAULT_MAX_CPU_TIME_SECS, 1, 3_600);
    queueWaitMs = Check.intIn("jobe.queueWaitMs", queueWaitMs, DEFAULT_QUEUE_WAIT_MS, 0, 600_000);
    runWaitMs = Check.intIn("jobe.runWaitMs", runWaitMs, DEFAULT_RUN_WAIT_MS, 1_000, 3_600_000);
    maxFileBytes =
        Check.intIn("jobe.maxFileBytes", maxFileBytes, DEFAULT_MAX_FILE_BYTES, 1, 256 << 20);
  }

  public static JobeConfig defaults() {
    return new JobeConfig(null, null, null, null, null, null, null);
  }
}
