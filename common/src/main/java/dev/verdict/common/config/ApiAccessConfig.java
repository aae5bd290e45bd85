package dev.verdict.common.config;

import dev.verdict.common.access.Role;

/**
 * Tokens and per-token rate limits of the API. Key prefix {@code api.access.}. A rate limit is a
 * token bucket shared by every API process through Redis: {@code burst} submissions at once, then
 * {@code perMinute} a minute; a {@code perMinute} of 0 means no limit.
 *
 * @param tokenCacheMs how long an API process trusts what it read about a token; a token revoked
 *     through another process stops working at most this much later
 * @param submitterPerMinute submissions a minute per submitter token
 * @param submitterBurst submissions a submitter token may make at once
 * @param staffPerMinute submissions a minute per staff token
 * @param staffBurst submissions a staff token may make at once
 * @param adminPerMinute submissions a minute per admin token
 * @param adminBurst submissions an admin token may make at once
 */
public record ApiAccessConfig(
    Integer tokenCacheMs,
    Integer submitterPerMinute,
    Integer submitterBurst,
    Integer staffPerMinute,
    Integer staffBurst,
    Integer adminPerMinute,
    Integer adminBurst) {

  public static final int DEFAULT_TOKEN_CACHE_MS = 5_000;
  public static final int DEFAULT_SUBMITTER_PER_MINUTE = 30;
  public static final int DEFAULT_SUBMITTER_BURST = 10;
  public static final int DEFAULT_STAFF_PER_MINUTE = 6_000;
  public static final int DEFAULT_STAFF_BURST = 1_000;
  // why: admins run the deployment (benchmarks, load tests); a limit on them protects nothing.
  public static final int DEFAULT_ADMIN_PER_MINUTE = 0;
  private static final int MAX_RATE = 10_000_000;

  public ApiAccessConfig {
    tokenCacheMs =
        Check.intIn("api.access.tokenCacheMs", tokenCacheMs, DEFAULT_TOKEN_CACHE_MS, 0, 600_000);
    submitterPerMinute =
        Check.intIn(
            "api.access.submitterPerMinute",
            submitterPerMinute,
            DEFAULT_SUBMITTER_PER_MINUTE,
            0,
            MAX_RATE);
    submitterBurst =
        Check.intIn(
            "api.access.submitterBurst", submitterBurst, DEFAULT_SUBMITTER_BURST, 1, MAX_RATE);
    staffPerMinute =
        Check.intIn(
            "api.access.staffPerMinute", staffPerMinute, DEFAULT_STAFF_PER_MINUTE, 0, MAX_RATE);
    staffBurst = Check.intIn("api.access.staffBurst", staffBurst, DEFAULT_STAFF_BURST, 1, MAX_RATE);
    adminPerMinute =
        Check.intIn(
            "api.access.adminPerMinute", adminPerMinute, DEFAULT_ADMIN_PER_MINUTE, 0, MAX_RATE);
    adminBurst = Check.intIn("api.access.adminBurst", adminBurst, DEFAULT_STAFF_BURST, 1, MAX_RATE);
  }

  public static ApiAccessConfig defaults() {
    return new ApiAccessConfig(null, null, null, null, null, null, null);
  }

  /** Submissions a minute a token of {@code role} may make; 0 means no limit. */
  public int perMinute(Role role) {
    return switch (role) {
      case SUBMITTER -> submitterPerMinute;
      case STAFF -> staffPerMinute;
      case ADMIN -> adminPerMinute;
    };
  }

  /** Submissions a token of {@code role} may make at once. */
  public int burst(Role role) {
    return switch (role) {
      case SUBMITTER -> submitterBurst;
      case STAFF -> staffBurst;
      case ADMIN -> adminBurst;
    };
  }
}
