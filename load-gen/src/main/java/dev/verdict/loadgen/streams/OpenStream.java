package dev.verdict.loadgen.streams;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * One event stream held open on its own virtual thread, counting what arrives: events, keep-alive
 * comments, and how long the first event took from the request.
 */
final class OpenStream {
  private final URI uri;
  private final String authorization;
  private final CountDownLatch firstEvent = new CountDownLatch(1);
  private volatile Socket socket;
  private volatile int status;
  private volatile long firstEventNanos = -1;
  private volatile int events;
  private volatile int keepAlives;
  private volatile boolean endedEarly;
  private volatile boolean closing;
  private volatile String failure;

  OpenStream(URI uri, String authorization) {
    this.uri = uri;
    this.authorization = authorization;
  }

  void start() {
    Thread.ofVirtual().name("stream").start(this::read);
  }

  private void read() {
    long started = System.nanoTime();
    // why: a plain socket, not HttpURLConnection, whose disconnect() waits for a reader blocked
    // on an idle stream; closing a socket wakes its reader at once.
    try (Socket open = new Socket()) {
      socket = open;
      open.connect(
          new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort()), 30_000);
      String request =
          "GET "
              + uri.getRawPath()
              + " HTTP/1.1\r\nHost: "
              + uri.getHost()
              + "\r\nAccept: text/event-stream\r\nAuthorization: "
              + authorization
              + "\r\n\r\n";
      open.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      BufferedReader lines =
          new BufferedReader(
              new InputStreamReader(open.getInputStream(), StandardCharsets.UTF_8), 1024);
      String statusLine = lines.readLine();
      status = statusLine == null ? 0 : Integer.parseInt(statusLine.split(" ")[1]);
      if (status != 200) {
        failure = "http-" + status;
        return;
      }
      String line;
      while ((line = lines.readLine()) != null && !line.isEmpty()) {
        // why: the response headers; the events follow, in chunks whose size lines are skipped.
      }
      while ((line = lines.readLine()) != null) {
        if (line.startsWith("event:")) {
          if (firstEventNanos < 0) {
            firstEventNanos = System.nanoTime() - started;
            firstEvent.countDown();
          }
          events++;
        } else if (line.startsWith(":")) {
          keepAlives++;
        }
      }
      endedEarly = !closing;
    } catch (IOException | RuntimeException e) {
      if (!closing) {
        failure = e.getClass().getSimpleName();
        endedEarly = true;
      }
    } finally {
      firstEvent.countDown();
    }
  }

  /** Waits for the first event (or the stream's failure); false when it did not come in time. */
  boolean awaitFirstEvent(long timeoutMillis) throws InterruptedException {
    return firstEvent.await(timeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  void close() {
    closing = true;
    Socket open = socket;
    if (open != null) {
      try {
        open.close();
      } catch (IOException e) {
        // why: closing is all that is wanted; a failure to close leaves nothing to do.
      }
    }
  }

  long firstEventNanos() {
    return firstEventNanos;
  }

  int events() {
    return events;
  }

  int keepAlives() {
    return keepAlives;
  }

  /** Whether the stream is still open: it answered 200 and did not end or fail. */
  boolean open() {
    return status == 200 && !endedEarly && failure == null;
  }

  String failure() {
    return failure;
  }
}
