package dev.verdict.api.http;

import com.codahale.metrics.MetricRegistry;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The first thing every request meets. It admits at most {@code api.http.maxRequestsInFlight} at
 * once and answers any more 503 with Retry-After at once, so an overload is refused rather than
 * left to time out (health checks and metrics are always admitted, so an overloaded API is not
 * mistaken for a dead one); and it caps every admitted request's body ({@link LimitedBody}). It
 * counts the requests in flight that change something (all but GET and HEAD), which a stopping node
 * lets finish ({@link #awaitNoWrites}).
 */
public final class FrontDoor implements Filter {
  private static final Set<String> ALWAYS_ADMITTED = Set.of("/healthz", "/readyz", "/metrics");

  private final Semaphore inFlight;
  private final long maxBodyBytes;
  private final int retryAfterSeconds;
  private final MetricRegistry metrics;
  private final Object writesLock = new Object();
  private int writes;

  public FrontDoor(
      int maxRequestsInFlight, long maxBodyBytes, int retryAfterSeconds, MetricRegistry metrics) {
    this.inFlight = new Semaphore(maxRequestsInFlight);
    this.maxBodyBytes = maxBodyBytes;
    this.retryAfterSeconds = retryAfterSeconds;
    this.metrics = metrics;
    metrics.gauge(
        "verdict.api.http.in-flight",
        () -> () -> maxRequestsInFlight - inFlight.availablePermits());
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    LimitedBody limited = new LimitedBody(http, maxBodyBytes);
    if (ALWAYS_ADMITTED.contains(http.getRequestURI())) {
      chain.doFilter(limited, response);
      return;
    }
    if (!inFlight.tryAcquire()) {
      refuse((HttpServletResponse) response);
      return;
    }
    boolean write = !http.getMethod().equals("GET") && !http.getMethod().equals("HEAD");
    if (write) {
      synchronized (writesLock) {
        writes++;
      }
    }
    try {
      chain.doFilter(limited, response);
    } finally {
      inFlight.release();
      if (write) {
        synchronized (writesLock) {
          if (--writes == 0) {
            writesLock.notifyAll();
          }
        }
      }
    }
  }

  /**
   * Waits until no request that changes something is in flight, at most {@code timeout}; true when
   * none is. Meant for a node that no longer accepts connections: otherwise new ones may come.
   */
  public boolean awaitNoWrites(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (writesLock) {
      while (writes > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(writesLock, left);
      }
      return true;
    }
  }

  private void refuse(HttpServletResponse response) throws IOException {
    metrics.meter("verdict.api.http.refused").mark();
    metrics.meter("verdict.api.http.responses.5xx").mark();
    byte[] body =
        ErrorBodies.json(new ErrorBody("too many requests in flight; retry later", null))
            .getBytes(StandardCharsets.UTF_8);
    response.setStatus(503);
    response.setHeader("Retry-After", Integer.toString(retryAfterSeconds));
    response.setContentType("application/json");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
