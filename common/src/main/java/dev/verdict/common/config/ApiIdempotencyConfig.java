package dev.verdict.common.config;

import java.time.Duration;

/**
 * {@code Idempotency-Key} of {@code POST /api/v1/submissions}. Key prefix {@code api.idempotency.}.
 *
 * @param ttl how long a key is remembered after its first use, as a number and {@code d}, {@code
 *     h}, {@code m} or {@code s} ({@code 24h}); a retry after that makes a new submission
 */
public record ApiIdempotencyConfig(String ttl) {
  public static final String DEFAULT_TTL = "24h";
  private static final Duration MAX = Duration.ofDays(30);

  public ApiIdempotencyConfig {
    ttl = ttl == null ? DEFAULT_TTL : ttl;
    if (!ttl.matches("[1-9][0-9]{0,7}[dhms]") || duration(ttl).compareTo(MAX) > 0) {
      throw new ConfigException(
          "api.idempotency.ttl must be a number and d, h, m or s (24h, 90m), 1s..30d, was '"
              + ttl
              + "'");
    }
  }

  public static ApiIdempotencyConfig defaults() {
    return new ApiIdempotencyConfig(null);
  }

  /** The time to live as a duration. */
  public Duration ttlDuration() {
    return duration(ttl);
  }

  private static Duration duration(String text) {
    long amount = Long.parseLong(text.substring(0, text.length() - 1));
    return switch (text.charAt(text.length() - 1)) {
      case 'd' -> Duration.ofDays(amount);
      case 'h' -> Duration.ofHours(amount);
      case 'm' -> Duration.ofMinutes(amount);
      default -> Duration.ofSeconds(amount);
    };
  }
}
