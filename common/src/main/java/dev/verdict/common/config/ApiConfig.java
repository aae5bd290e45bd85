package dev.verdict.common.config;

/**
 * The HTTP API. Key prefix {@code api.}.
 *
 * @param host address to bind (loopback by default)
 * @param port port to bind; 0 picks a free one
 * @param maxConcurrentSubmissions submissions being stored and published at once; beyond it the API
 *     answers 503 with Retry-After rather than queueing requests without bound
 * @param maxFiles files per submission
 * @param maxFileBytes bytes per file
 * @param maxTotalBytes bytes per submission, all files together
 * @param inlineFileBytes source files up to this size travel inside the task message, so a worker
 *     need not fetch them from GridFS; so does an ad-hoc run's input of UTF-8 text, which then is
 *     not stored in GridFS at all
 * @param problemsDir a folder of problem packages loaded at start-up, or empty for none
 * @param retryAfterSeconds the Retry-After of a 503
 * @param acceptBacklog the listening socket's backlog: connections the kernel holds while the API
 *     accepts them, so a burst of clients connecting at once is not refused (capped by the kernel's
 *     {@code net.core.somaxconn})
 * @param admissionWaitMs how long a submission that finds every one of {@code
 *     maxConcurrentSubmissions} taken waits for one, first come first served, before the API
 *     answers 503: a burst is queued rather than refused, a sustained overload is still refused;
 *     keep it below the clients' request timeouts
 * @param publishedFlagIntervalMs how often confirmed submissions get their outbox flag cleared in
 *     MongoDB, all of them in one update; must stay well below {@code dispatcher.outboxGraceMs}
 * @param http the HTTP server's concurrency and size knobs
 * @param access tokens and per-token rate limits
 * @param adhoc the caps of ad-hoc runs (submissions with their own tests)
 * @param events the live event streams of submissions
 * @param maxBatchSubmissions submissions in one {@code POST /api/v1/submissions/batch}
 * @param idempotency how long {@code Idempotency-Key}s are remembered
 */
public record ApiConfig(
    String host,
    Integer port,
    Integer maxConcurrentSubmissions,
    Integer maxFiles,
    Integer maxFileBytes,
    Integer maxTotalBytes,
    Integer inlineFileBytes,
    String problemsDir,
    Integer retryAfterSeconds,
    Integer acceptBacklog,
    Integer admissionWaitMs,
    Integer publishedFlagIntervalMs,
    ApiHttpConfig http,
    ApiAccessConfig access,
    ApiAdhocConfig adhoc,
    ApiEventsConfig events,
    Integer maxBatchSubmissions,
    ApiIdempotencyConfig idempotency) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final int DEFAULT_MAX_CONCURRENT_SUBMISSIONS = 256;
  public static final int DEFAULT_MAX_FILES = 20;
  public static final int DEFAULT_MAX_FILE_BYTES = 256 * 1024;
  public static final int DEFAULT_MAX_TOTAL_BYTES = 1024 * 1024;
  public static final int DEFAULT_INLINE_FILE_BYTES = 64 * 1024;
  public static final int DEFAULT_RETRY_AFTER_SECONDS = 1;
  public static final int DEFAULT_ACCEPT_BACKLOG = 4096;
  public static final int DEFAULT_ADMISSION_WAIT_MS = 30_000;
  public static final int DEFAULT_PUBLISHED_FLAG_INTERVAL_MS = 1_000;
  public static final int DEFAULT_MAX_BATCH_SUBMISSIONS = 100;

  public ApiConfig {
    host = Check.host("api.host", host, DEFAULT_HOST);
    port = Check.intIn("api.port", port, DEFAULT_PORT, 0, 65535);
    maxConcurrentSubmissions =
        Check.intIn(
            "api.maxConcurrentSubmissions",
            maxConcurrentSubmissions,
            DEFAULT_MAX_CONCURRENT_SUBMISSIONS,
            1,
            100_000);
    maxFiles = Check.intIn("api.maxFiles", maxFiles, DEFAULT_MAX_FILES, 1, 1000);
    maxFileBytes =
        Check.intIn("api.maxFileBytes", maxFileBytes, DEFAULT_MAX_FILE_BYTES, 1, 64 << 20);
    maxTotalBytes =
        Check.intIn("api.maxTotalBytes", maxTotalBytes, DEFAULT_MAX_TOTAL_BYTES, 1, 256 << 20);
    inlineFileBytes =
        Check.intIn("api.inlineFileBytes", inlineFileBytes, DEFAULT_INLINE_FILE_BYTES, 0, 1 << 20);
    problemsDir = problemsDir == null ? "" : problemsDir;
    retryAfterSeconds =
        Check.intIn(
            "api.retryAfterSeconds", retryAfterSeconds, DEFAULT_RETRY_AFTER_SECONDS, 1, 3600);
    acceptBacklog =
        Check.intIn("api.acceptBacklog", acceptBacklog, DEFAULT_ACCEPT_BACKLOG, 1, 65_535);
    admissionWaitMs =
        Check.intIn("api.admissionWaitMs", admissionWaitMs, DEFAULT_ADMISSION_WAIT_MS, 0, 600_000);
    publishedFlagIntervalMs =
        Check.intIn(
            "api.publishedFlagIntervalMs",
            publishedFlagIntervalMs,
            DEFAULT_PUBLISHED_FLAG_INTERVAL_MS,
            1,
            60_000);
    http = http == null ? ApiHttpConfig.defaults() : http;
    access = access == null ? ApiAccessConfig.defaults() : access;
    adhoc = adhoc == null ? ApiAdhocConfig.defaults() : adhoc;
    events = events == null ? ApiEventsConfig.defaults() : events;
    if (events.keepAliveMs() >= http.idleTimeoutMs()) {
      throw new ConfigException(
          "api.events.keepAliveMs must be below api.http.idleTimeoutMs ("
              + http.idleTimeoutMs()
              + "), was "
              + events.keepAliveMs());
    }
    maxBatchSubmissions =
        Check.intIn(
            "api.maxBatchSubmissions",
            maxBatchSubmissions,
            DEFAULT_MAX_BATCH_SUBMISSIONS,
            1,
            10_000);
    idempotency = idempotency == null ? ApiIdempotencyConfig.defaults() : idempotency;
  }

  public static ApiConfig defaults() {
    return new ApiConfig(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null);
  }
}
