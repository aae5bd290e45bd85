package dev.verdict.common.config;

/**
 * The API's HTTP server. Key prefix {@code api.http.}.
 *
 * @param maxRequestsInFlight requests being served at once; one more is answered 503 with
 *     Retry-After at once (health and metrics excepted). Long polls count while they wait.
 * @param threads {@code virtual}: each request on its own virtual thread, so one waiting on
 *     MongoDB, Redis or RabbitMQ holds no platform thread; {@code platform}: a pool of {@code
 *     maxThreads} platform threads
 * @param maxThreads the platform threads of the server's pool: with {@code platform} the requests
 *     served at once, with {@code virtual} only the threads accepting and reading connections
 * @param idleTimeoutMs a connection with no bytes moving for this long is closed
 * @param maxRequestBytes the largest request body, whatever its transfer encoding; a body crossing
 *     it is refused with 413 as soon as it does, without reading the rest
 * @param drainDelayMs on SIGTERM, how long {@code /readyz} answers 503 while the server still
 *     accepts, so that a load balancer's health check takes the node out before it stops listening
 * @param drainTimeoutMs after that, how long requests in flight (a Jobe run waiting for its result,
 *     a long poll) may take to finish while no new connection is accepted; what is still running
 *     then is cut
 */
public record ApiHttpConfig(
    Integer maxRequestsInFlight,
    String threads,
    Integer maxThreads,
    Integer idleTimeoutMs,
    Integer maxRequestBytes,
    Integer drainDelayMs,
    Integer drainTimeoutMs) {

  public static final int DEFAULT_MAX_REQUESTS_IN_FLIGHT = 4096;
  public static final String VIRTUAL = "virtual";
  public static final String PLATFORM = "platform";
  public static final int DEFAULT_MAX_THREADS = 200;
  public static final int DEFAULT_IDLE_TIMEOUT_MS = 30_000;
  public static final int DEFAULT_MAX_REQUEST_BYTES = 8 << 20;
  public static final int DEFAULT_DRAIN_DELAY_MS = 0;
  public static final int DEFAULT_DRAIN_TIMEOUT_MS = 120_000;

  public ApiHttpConfig {
    maxRequestsInFlight =
        Check.intIn(
            "api.http.maxRequestsInFlight",
            maxRequestsInFlight,
            DEFAULT_MAX_REQUESTS_IN_FLIGHT,
            1,
            1_000_000);
    threads = threads == null ? VIRTUAL : threads;
    if (!threads.equals(VIRTUAL) && !threads.equals(PLATFORM)) {
      throw new ConfigException(
          "api.http.threads must be " + VIRTUAL + " or " + PLATFORM + ", was " + threads);
    }
    maxThreads = Check.intIn("api.http.maxThreads", maxThreads, DEFAULT_MAX_THREADS, 8, 10_000);
    idleTimeoutMs =
        Check.intIn(
            "api.http.idleTimeoutMs", idleTimeoutMs, DEFAULT_IDLE_TIMEOUT_MS, 1_000, 3_600_000);
    maxRequestBytes =
        Check.intIn(
            "api.http.maxRequestBytes",
            maxRequestBytes,
            DEFAULT_MAX_REQUEST_BYTES,
            1024,
            Integer.MAX_VALUE);
    drainDelayMs =
        Check.intIn("api.http.drainDelayMs", drainDelayMs, DEFAULT_DRAIN_DELAY_MS, 0, 600_000);
    drainTimeoutMs =
        Check.intIn(
            "api.http.drainTimeoutMs", drainTimeoutMs, DEFAULT_DRAIN_TIMEOUT_MS, 0, 3_600_000);
  }

  public static ApiHttpConfig defaults() {
    return new ApiHttpConfig(null, null, null, null, null, null, null);
  }

  public boolean virtualThreads() {
    return threads.equals(VIRTUAL);
  }
}
