package dev.verdict.common.config;

import java.util.List;

/**
 * Webhooks: the POST of a finished submission's result to the {@code callbackUrl} it was made with.
 * Key prefix {@code webhooks.}.
 *
 * @param secret the key of each delivery's HMAC-SHA256 signature; empty turns webhooks off (a
 *     submission with a {@code callbackUrl} is then refused)
 * @param deny the address ranges (CIDR) a callback may not reach: by default loopback, link-local,
 *     private, carrier-grade NAT, unspecified and multicast ones, so a submitter cannot make the
 *     dispatcher call into its own network
 * @param allow ranges allowed even though {@code deny} holds them (e.g. a receiver on the same
 *     private network); empty by default
 * @param timeoutMs one delivery attempt's whole time: connecting, sending and the answer
 * @param retryForMs how long a delivery is retried after its first attempt; then it is given up
 * @param initialBackoffMs the wait before the first retry; each later one doubles it, with jitter
 * @param maxBackoffMs the longest wait between two attempts
 * @param maxConcurrent attempts in flight at once; a slow receiver holds at most one of them per
 *     delivery, for at most {@code timeoutMs}
 * @param maxPending attempts waiting for one of {@code maxConcurrent}; one more is recorded as
 *     dropped rather than queued without bound
 */
public record WebhookConfig(
    String secret,
    List<String> deny,
    List<String> allow,
    Integer timeoutMs,
    Integer retryForMs,
    Integer initialBackoffMs,
    Integer maxBackoffMs,
    Integer maxConcurrent,
    Integer maxPending) {

  public static final List<String> DEFAULT_DENY =
      List.of(
          "0.0.0.0/8",
          "10.0.0.0/8",
          "100.64.0.0/10",
          "127.0.0.0/8",
          "169.254.0.0/16",
          "172.16.0.0/12",
          "192.0.0.0/24",
          "192.168.0.0/16",
          "198.18.0.0/15",
          "224.0.0.0/4",
          "240.0.0.0/4",
          "::/128",
          "::1/128",
          "fc00::/7",
          "fe80::/10",
          "ff00::/8");
  public static final int DEFAULT_TIMEOUT_MS = 5_000;
  public static final int DEFAULT_RETRY_FOR_MS = 3_600_000;
  public static final int DEFAULT_INITIAL_BACKOFF_MS = 1_000;
  public static final int DEFAULT_MAX_BACKOFF_MS = 300_000;
  public static final int DEFAULT_MAX_CONCURRENT = 32;
  public static final int DEFAULT_MAX_PENDING = 10_000;

  public WebhookConfig {
    secret = secret == null ? "" : secret;
    deny = deny == null ? DEFAULT_DENY : List.copyOf(deny);
    allow = allow == null ? List.of() : List.copyOf(allow);
    for (String range : deny) {
      Cidr.parse("webhooks.deny", range);
    }
    for (String range : allow) {
      Cidr.parse("webhooks.allow", range);
    }
    timeoutMs = Check.intIn("webhooks.timeoutMs", timeoutMs, DEFAULT_TIMEOUT_MS, 100, 600_000);
    retryForMs =
        Check.intIn("webhooks.retryForMs", retryForMs, DEFAULT_RETRY_FOR_MS, 0, 604_800_000);
    initialBackoffMs =
        Check.intIn(
            "webhooks.initialBackoffMs",
            initialBackoffMs,
            DEFAULT_INITIAL_BACKOFF_MS,
            1,
            3_600_000);
    maxBackoffMs =
        Check.intIn(
            "webhooks.maxBackoffMs",
            maxBackoffMs,
            DEFAULT_MAX_BACKOFF_MS,
            initialBackoffMs,
            86_400_000);
    maxConcurrent =
        Check.intIn("webhooks.maxConcurrent", maxConcurrent, DEFAULT_MAX_CONCURRENT, 1, 10_000);
    maxPending = Check.intIn("webhooks.maxPending", maxPending, DEFAULT_MAX_PENDING, 1, 10_000_000);
  }

  public static WebhookConfig defaults() {
    return new WebhookConfig(null, null, null, null, null, null, null, null, null);
  }

  /** Whether webhooks are on: a secret to sign them with is set. */
  public boolean enabled() {
    return !secret.isEmpty();
  }
}
