package dev.verdict.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Server-Sent Events client for tests: opens a stream and hands out what arrives, event by event,
 * as it arrives (comments too, so keep-alives can be seen), parsed as the SSE specification says. A
 * stream that does not answer 200 is read whole: {@link #status()} and {@link #body()}.
 *
 * <pre>
 * try (EventStreamClient events = EventStreamClient.open(uri, Map.of("Authorization", "Bearer " + t))) {
 *   assertThat(events.next().name()).isEqualTo("status");
 * }
 * </pre>
 */
public final class EventStreamClient implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Duration WAIT = Duration.ofSeconds(20);

  /**
   * One thing the stream sent: an event ({@code name} "message" when it named none), or a comment
   * ({@code comment} set, the rest null).
   */
  public record Event(String name, String id, String data, String comment) {
    public boolean isComment() {
      return comment != null;
    }
  }

  /** Put in the queue when the server ended the stream. */
  private static final Event END = new Event(null, null, null, null);

  private final HttpResponse<Stream<String>> response;
  private final BlockingQueue<Event> arrived = new LinkedBlockingQueue<>();
  private final String body;
  private volatile boolean ended;

  private EventStreamClient(HttpResponse<Stream<String>> response) {
    this.response = response;
    if (response.statusCode() != 200) {
      try (Stream<String> lines = response.body()) {
        this.body = lines.collect(Collectors.joining("\n"));
      }
      return;
    }
    this.body = null;
    Iterator<String> lines = response.body().iterator();
    Thread.ofVirtual().name("event-stream-client").start(() -> read(lines));
  }

  /** Opens {@code uri} with {@code headers}; returns once the answer's headers arrived. */
  public static EventStreamClient open(URI uri, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
    headers.forEach(request::header);
    try {
      return new EventStreamClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public int status() {
    return response.statusCode();
  }

  /** A response header, or null. */
  public String header(String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  /** The whole body of an answer other than 200; null for a stream. */
  public String body() {
    return body;
  }

  /** The next event, skipping comments; fails when none comes within 20 s or the stream ends. */
  public Event next() {
    while (true) {
      Event event = nextOrComment();
      if (!event.isComment()) {
        return event;
      }
    }
  }

  /** The next event or comment; fails when none comes within 20 s or the stream ended. */
  public Event nextOrComment() {
    Event event = poll(WAIT);
    if (event == null) {
      throw new AssertionError("no event within " + WAIT);
    }
    if (event == END) {
      throw new AssertionError("the stream ended");
    }
    return event;
  }

  /** The next {@code count} events, comments skipped. */
  public List<Event> next(int count) {
    List<Event> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      events.add(next());
    }
    return events;
  }

  /** Whether the server ends the stream within 20 s, with nothing but comments before the end. */
  public boolean endsWithoutMoreEvents() {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      Event event = poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      if (event == END) {
        return true;
      }
      if (event == null || !event.isComment()) {
        return false;
      }
    }
  }

  /** What arrived and was not taken yet, without waiting (no end marker). */
  public List<Event> arrivedSoFar() {
    List<Event> events = new ArrayList<>();
    arrived.drainTo(events);
    events.remove(END);
    return events;
  }

  public boolean ended() {
    return ended;
  }

  private Event poll(Duration wait) {
    try {
      Event event = arrived.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
      if (event == END) {
        // why: every later call must see the end too.
        arrived.add(END);
      }
      return event;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void read(Iterator<String> lines) {
    String name = null;
    String id = null;
    StringBuilder data = null;
    try {
      while (lines.hasNext()) {
        String line = lines.next();
        if (line.isEmpty()) {
          if (data != null) {
            arrived.add(new Event(name == null ? "message" : name, id, data.toString(), null));
          }
          name = null;
          id = null;
          data = null;
        } else if (line.startsWith(":")) {
          arrived.add(new Event(null, null, null, line.substring(1).strip()));
        } else {
          int colon = line.indexOf(':');
          String field = colon < 0 ? line : line.substring(0, colon);
          String value = colon < 0 ? "" : line.substring(colon + 1);
          if (value.startsWith(" ")) {
            value = value.substring(1);
          }
          switch (field) {
            case "event" -> name = value;
            case "id" -> id = value;
            case "data" ->
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            default -> {}
          }
        }
      }
    } catch (UncheckedIOException e) {
      // why: closing the client aborts the stream; either way it ended.
    } finally {
      ended = true;
      arrived.add(END);
    }
  }

  /** Closes the connection, as a client that goes away does. */
  @Override
  public void close() {
    if (body == null) {
      response.body().close();
    }
  }
}
