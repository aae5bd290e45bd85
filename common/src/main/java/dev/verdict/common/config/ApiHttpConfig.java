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
 */
public record ApiHttpConfig(
    Integer maxRequestsInFlight,
    String threads,
    Integer maxThreads,
    Integer idleTimeoutMs,
    Integer maxRequestBytes) {

  public static final int DEFAULT_MAX_REQUESTS_IN_FLIGHT = 4096;
  public static final String VIRTUAL = "virtual";
  public static final String PLATFORM = "platform";
  public static final int DEFAULT_MAX_THREADS = 200;
  public static final int DEFAULT_IDLE_TIMEOUT_MS = 30_000;
  public static final int DEFAULT_MAX_REQUEST_BYTES = 8 << 20;

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
  }

  public static ApiHttpConfig defaults() {
    return new ApiHttpConfig(null, null, null, null, null);
  }

  public boolean virtualThreads() {
    return threads.equals(VIRTUAL);
  }
}
