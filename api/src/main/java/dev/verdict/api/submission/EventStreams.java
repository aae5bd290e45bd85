package dev.verdict.api.submission;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.api.access.Access;
import dev.verdict.api.access.Caller;
import dev.verdict.api.http.ApiException;
import dev.verdict.api.http.Echo;
import dev.verdict.api.http.QueryParameters;
import dev.verdict.api.http.ServiceUnavailableException;
import dev.verdict.common.config.ApiEventsConfig;
import dev.verdict.common.status.StatusStore.Change;
import io.javalin.http.Context;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/submissions/{id}/events}: a submission's progress as Server-Sent Events, to
 * the same readers and with the same filtering as {@code GET /api/v1/submissions/{id}} (both read
 * through one {@link Reader}). The checks (token, id, {@code Last-Event-ID}, the stream cap) run on
 * the request's own thread and fail as JSON errors; the stream itself ({@link EventStream}) runs
 * asynchronously on a virtual thread of its own, whatever {@code api.http.threads} says, so an open
 * stream holds no server thread and no {@code api.http.maxRequestsInFlight} permit.
 *
 * <p>Streams are woken by the process's one Redis subscription ({@link StatusEvents}), never by a
 * subscription of their own; at most {@code api.events.maxStreams} are open at once.
 */
final class EventStreams implements AutoCloseable {
  static final String LAST_EVENT_ID = "Last-Event-ID";
  static final String DONE_ID = "done";
  private static final Set<Change> ANY_CHANGE = EnumSet.allOf(Change.class);
  private static final Pattern TEST_NUMBER = Pattern.compile("[0-9]{1,7}");

  /** Reads a submission as a caller may see it, or throws the 404 of a GET. */
  interface Reader {
    SubmissionView read(String id, Caller caller);
  }

  private final ApiEventsConfig config;
  private final StatusEvents events;
  private final Reader reader;
  private final ObjectMapper mapper;
  private final int retryAfterSeconds;
  private final Semaphore open;
  private final ExecutorService streams =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("api-events-", 0).factory());
  private final Meter sent;

  EventStreams(
      ApiEventsConfig config,
      StatusEvents events,
      Reader reader,
      ObjectMapper mapper,
      int retryAfterSeconds,
      MetricRegistry metrics) {
    this.config = config;
    this.events = events;
    this.reader = reader;
    this.mapper = mapper;
    this.retryAfterSeconds = retryAfterSeconds;
    this.open = new Semaphore(config.maxStreams());
    this.sent = metrics.meter("verdict.api.events.sent");
    metrics.gauge(
        "verdict.api.events.streams", () -> () -> config.maxStreams() - open.availablePermits());
  }

  /** Checks the request, then hands the response over to a stream of its own. */
  void open(Context ctx) {
    Caller caller = Access.caller(ctx);
    String id = ctx.pathParam("id");
    QueryParameters.only(ctx);
    if (!SubmissionIds.looksValid(id)) {
      throw SubmissionRoutes.unknown(id);
    }
    String lastEventId = ctx.header(LAST_EVENT_ID);
    int alreadySent = alreadySent(lastEventId);
    // why: registered before the first read, so a change between the two is not missed.
    CompletableFuture<Void> change = events.next(id, ANY_CHANGE);
    SubmissionView first;
    try {
      first = reader.read(id, caller);
    } catch (RuntimeException e) {
      events.cancel(id, change);
      throw e;
    }
    if (DONE_ID.equals(lastEventId) && first.finished()) {
      // why: the client saw the final result; 204 tells an EventSource to stop reconnecting.
      events.cancel(id, change);
      ctx.status(204);
      return;
    }
    if (!open.tryAcquire()) {
      events.cancel(id, change);
      throw new ServiceUnavailableException(
          "too many event streams open; retry later", retryAfterSeconds);
    }
    EventStream stream;
    try {
      stream =
          new EventStream(
              id,
              caller,
              alreadySent,
              first,
              change,
              ctx.res(),
              config,
              events,
              reader,
              mapper,
              sent);
      stream.start();
    } catch (RuntimeException e) {
      open.release();
      events.cancel(id, change);
      throw e;
    }
    ctx.async(
        async -> {
          async.executor = streams;
          async.timeout = 0L;
        },
        () -> {
          try {
            stream.run();
          } finally {
            open.release();
          }
        });
  }

  /**
   * How many test events the client already has: none without {@code Last-Event-ID}; the number in
   * it (a test event's id); all when it names the final result.
   */
  private static int alreadySent(String lastEventId) {
    if (lastEventId == null || lastEventId.isEmpty() || DONE_ID.equals(lastEventId)) {
      return 0;
    }
    if (!TEST_NUMBER.matcher(lastEventId).matches()) {
      throw ApiException.badRequest(
          LAST_EVENT_ID,
          "must be the id of an event of this stream: a test number or done, was '"
              + Echo.clip(lastEventId)
              + "'");
    }
    return Integer.parseInt(lastEventId);
  }

  /** Ends every open stream: the process is stopping. */
  @Override
  public void close() {
    streams.shutdownNow();
  }
}
