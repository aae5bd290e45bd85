package dev.verdict.api.submission;

import com.codahale.metrics.Meter;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.api.access.Caller;
import dev.verdict.api.http.ApiException;
import dev.verdict.common.config.ApiEventsConfig;
import dev.verdict.common.message.TestResult;
import dev.verdict.common.status.StatusStore.Change;
import dev.verdict.common.submission.SubmissionState;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's event stream of one submission. Events, in this order:
 *
 * <ul>
 *   <li>{@code status} (no id): {@code {"id", "status"}} when the stream opens on a submission that
 *       is not done, and when it starts running;
 *   <li>{@code test}, id {@code n} (1, 2, ...): the n-th test's result, as GET shows it, with its
 *       {@code index} (n - 1); each test once, in test order, never one after a gap;
 *   <li>{@code result}, id {@code done}: the whole submission as GET shows it once done; then the
 *       stream ends.
 * </ul>
 *
 * A client that reconnects with {@code Last-Event-ID: n} gets the tests after the n-th, so nothing
 * is missed or repeated. Whenever the submission changes (or {@code api.events.keepAliveMs} passes,
 * in case an announcement was lost) the stream reads it again and sends what is new; a stream that
 * had nothing to say for that long sends a comment, {@code : keep-alive}.
 */
final class EventStream {
  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
  private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);
  // why: an event is a few hundred bytes and is flushed at once; the server's default response
  // buffer (32 KiB) would cost thousands of open streams that much each for nothing.
  private static final int BUFFER_BYTES = 2048;

  /** A {@code test} event's data: the test's result and its index. */
  record TestEvent(int index, @JsonUnwrapped TestResult test) {}

  private final String id;
  private final Caller caller;
  private final HttpServletResponse response;
  private final ApiEventsConfig config;
  private final StatusEvents events;
  private final EventStreams.Reader reader;
  private final ObjectMapper mapper;
  private final Meter sentMeter;
  private final long deadlineNanos;
  private SubmissionView view;
  private CompletableFuture<Void> change;
  private int sent;
  private SubmissionState shownStatus;
  private long lastWriteNanos;
  private OutputStream out;
  private final StringBuilder pending = new StringBuilder(512);

  EventStream(
      String id,
      Caller caller,
      int alreadySent,
      SubmissionView first,
      CompletableFuture<Void> change,
      HttpServletResponse response,
      ApiEventsConfig config,
      StatusEvents events,
      EventStreams.Reader reader,
      ObjectMapper mapper,
      Meter sentMeter) {
    this.id = id;
    this.caller = caller;
    this.sent = alreadySent;
    this.view = first;
    this.change = change;
    this.response = response;
    this.config = config;
    this.events = events;
    this.reader = reader;
    this.mapper = mapper;
    this.sentMeter = sentMeter;
    this.deadlineNanos = System.nanoTime() + config.maxStreamMs() * 1_000_000L;
  }

  /** Sets the response up as an event stream; nothing is sent yet. */
  void start() {
    response.setStatus(200);
    response.setBufferSize(BUFFER_BYTES);
    response.setContentType("text/event-stream;charset=utf-8");
    response.setHeader("Cache-Control", "no-cache");
    // why: a reverse proxy (nginx) would otherwise buffer the stream and deliver it late.
    response.setHeader("X-Accel-Buffering", "no");
  }

  /**
   * Sends until the submission is done, the client goes away, {@code api.events.maxStreamMs}
   * passes, or the process stops. Never throws: a stream that cannot go on just ends, and the
   * client reconnects with {@code Last-Event-ID}.
   */
  void run() {
    try {
      out = response.getOutputStream();
      lastWriteNanos = System.nanoTime();
      boolean done = send(view);
      while (!done) {
        long now = System.nanoTime();
        long untilKeepAlive = lastWriteNanos + config.keepAliveMs() * 1_000_000L - now;
        long untilEnd = deadlineNanos - now;
        if (untilEnd <= 0) {
          return;
        }
        try {
          change.get(Math.max(0, Math.min(untilKeepAlive, untilEnd)), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          // why: read again all the same: an announcement lost while the subscription was down
          // must not leave the stream behind until the next change.
        }
        events.cancel(id, change);
        change = events.next(id, EnumSet.allOf(Change.class));
        view = reader.read(id, caller);
        done = send(view);
        if (!done && System.nanoTime() - lastWriteNanos >= config.keepAliveMs() * 1_000_000L) {
          write(KEEP_ALIVE);
        }
      }
    } catch (IOException e) {
      LOG.debug("Submission(id={}) event stream closed by the client: {}", id, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ApiException e) {
      LOG.debug("Submission(id={}) event stream ended: {}", id, e.getMessage());
    } catch (ExecutionException | RuntimeException e) {
      LOG.warn("Submission(id={}) event stream failed", id, e);
    } finally {
      events.cancel(id, change);
    }
  }

  /** Sends what {@code current} shows that the client has not had; true once it sent the result. */
  private boolean send(SubmissionView current) throws IOException {
    if (current.status() != shownStatus && !current.finished()) {
      shownStatus = current.status();
      event("status", null, Map.of("id", current.id(), "status", current.status()));
    }
    int settled = current.finished() ? current.tests().size() : current.testsInOrder();
    for (int index = sent; index < settled; index++) {
      event("test", Integer.toString(index + 1), new TestEvent(index, current.tests().get(index)));
    }
    sent = Math.max(sent, settled);
    if (current.finished()) {
      event("result", EventStreams.DONE_ID, current);
    }
    if (!pending.isEmpty()) {
      write(pending.toString().getBytes(StandardCharsets.UTF_8));
      pending.setLength(0);
    }
    return current.finished();
  }

  /** Adds an event to what the next write sends. */
  private void event(String name, String eventId, Object data) {
    pending.append("event: ").append(name).append('\n');
    if (eventId != null) {
      pending.append("id: ").append(eventId).append('\n');
    }
    try {
      // why: compact JSON has no line breaks (those inside strings are escaped), so the data is
      // one "data:" line.
      pending.append("data: ").append(mapper.writeValueAsString(data)).append("\n\n");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    sentMeter.mark();
  }

  private void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    lastWriteNanos = System.nanoTime();
  }
}
