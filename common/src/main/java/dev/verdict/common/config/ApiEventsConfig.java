package dev.verdict.common.config;

/**
 * The API's live event streams ({@code GET /api/v1/submissions/{id}/events}). Key prefix {@code
 * api.events.}.
 *
 * @param keepAliveMs a stream with nothing to say for this long gets a comment line, so proxies and
 *     the server's own idle timeout ({@code api.http.idleTimeoutMs}, which it must stay below) keep
 *     the connection, and a client that went away is noticed
 * @param maxStreams streams open at once on one API process; one more is answered 503 with
 *     Retry-After. Streams are bounded here, not by {@code api.http.maxRequestsInFlight}
 * @param maxStreamMs a stream is closed after this long even if the submission is not done; the
 *     client resumes with {@code Last-Event-ID}, and its token is checked again
 */
public record ApiEventsConfig(Integer keepAliveMs, Integer maxStreams, Integer maxStreamMs) {

  public static final int DEFAULT_KEEP_ALIVE_MS = 15_000;
  public static final int DEFAULT_MAX_STREAMS = 10_000;
  public static final int DEFAULT_MAX_STREAM_MS = 30 * 60_000;

  public ApiEventsConfig {
    keepAliveMs =
        Check.intIn("api.events.keepAliveMs", keepAliveMs, DEFAULT_KEEP_ALIVE_MS, 100, 3_600_000);
    maxStreams =
        Check.intIn("api.events.maxStreams", maxStreams, DEFAULT_MAX_STREAMS, 1, 1_000_000);
    maxStreamMs =
        Check.intIn(
            "api.events.maxStreamMs", maxStreamMs, DEFAULT_MAX_STREAM_MS, 1_000, 86_400_000);
  }

  public static ApiEventsConfig defaults() {
    return new ApiEventsConfig(null, null, null);
  }
}
