package dev.verdict.dispatcher.webhook;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import dev.verdict.common.config.WebhookConfig;
import dev.verdict.common.problem.ProblemRecord;
import dev.verdict.common.problem.ProblemStore;
import dev.verdict.common.submission.CallbackAttempt;
import dev.verdict.common.submission.Submission;
import dev.verdict.common.submission.SubmissionStore;
import dev.verdict.common.webhook.CallbackAddresses;
import dev.verdict.common.webhook.CallbackAddresses.DeniedAddressException;
import java.io.IOException;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers finished submissions' results to their {@code callbackUrl}: a signed POST ({@link
 * WebhookSignature}) of what the submitter may see ({@link CallbackPayload}), retried with
 * exponential backoff and jitter for {@code webhooks.retryForMs} after the first attempt while the
 * receiver answers 5xx, 408 or 429 or does not answer; any other answer ends the delivery. Each
 * attempt (time, status or error, duration) is recorded on the submission.
 *
 * <p>Nothing here waits on a receiver in the caller's thread: {@link #deliver} only queues.
 * Attempts run on a pool of {@code webhooks.maxConcurrent} threads with at most {@code
 * webhooks.maxPending} waiting, each bounded by {@code webhooks.timeoutMs}, so a slow receiver
 * holds one thread for that long and delays neither grading nor other deliveries; retries wait on a
 * timer, not on a thread.
 *
 * <p>A callback reaches only addresses {@link CallbackAddresses} allows, checked on the addresses
 * actually connected to: the client resolves names through it, and uses no proxy and follows no
 * redirect. Pending retries live in memory: a dispatcher that stops drops them.
 */
public final class WebhookSender implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
  private static final MediaType JSON = MediaType.get("application/json");
  static final String EVENT = "submission.done";

  private final WebhookConfig config;
  private final CallbackAddresses addresses;
  private final SubmissionStore submissions;
  private final ProblemStore problems;
  private final OkHttpClient client;
  private final ThreadPoolExecutor pool;
  private final ScheduledExecutorService timer;
  private final Timer postTimer;
  private final Meter delivered;
  private final Meter failed;
  private final Meter dropped;

  public WebhookSender(
      WebhookConfig config,
      SubmissionStore submissions,
      ProblemStore problems,
      MetricRegistry metrics) {
    this.config = config;
    this.addresses = new CallbackAddresses(config);
    this.submissions = submissions;
    this.problems = problems;
    Duration timeout = Duration.ofMillis(config.timeoutMs());
    this.client =
        new OkHttpClient.Builder()
            .dns(addresses::allowedAddresses)
            .proxy(Proxy.NO_PROXY)
            .followRedirects(false)
            .followSslRedirects(false)
            .retryOnConnectionFailure(false)
            .connectTimeout(timeout)
            .callTimeout(timeout)
            .build();
    this.pool =
        new ThreadPoolExecutor(
            config.maxConcurrent(),
            config.maxConcurrent(),
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(config.maxPending()),
            Thread.ofPlatform().daemon().name("webhook-", 0).factory());
    pool.allowCoreThreadTimeOut(true);
    ScheduledThreadPoolExecutor retries =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().daemon().name("webhook-retry").factory());
    retries.setRemoveOnCancelPolicy(true);
    this.timer = retries;
    this.postTimer = metrics.timer("verdict.dispatcher.webhooks.post");
    this.delivered = metrics.meter("verdict.dispatcher.webhooks.delivered");
    this.failed = metrics.meter("verdict.dispatcher.webhooks.failed");
    this.dropped = metrics.meter("verdict.dispatcher.webhooks.dropped");
    metrics.gauge("verdict.dispatcher.webhooks.pending", () -> () -> pool.getQueue().size());
  }

  /** Queues the delivery of {@code done}'s result to its callback; returns at once. */
  public void deliver(Submission done) {
    if (done.callbackUrl() == null) {
      return;
    }
    Delivery delivery =
        new Delivery(done, UUID.randomUUID().toString(), System.currentTimeMillis(), 1, null);
    submit(delivery);
  }

  /** One delivery's state between attempts. */
  private record Delivery(
      Submission submission, String deliveryId, long firstAt, int attempt, byte[] body) {
    Delivery next(byte[] built) {
      return new Delivery(submission, deliveryId, firstAt, attempt + 1, built);
    }

    String id() {
      return submission.id();
    }
  }

  private void submit(Delivery delivery) {
    try {
      pool.execute(() -> attempt(delivery));
    } catch (RejectedExecutionException e) {
      if (pool.isShutdown()) {
        return;
      }
      dropped.mark();
      LOG.warn(
          "Submission(id={}) webhook attempt {} dropped: {} attempts already wait",
          delivery.id(),
          delivery.attempt(),
          config.maxPending());
      record(
          delivery,
          new CallbackAttempt(
              System.currentTimeMillis(),
              delivery.attempt(),
              0,
              "dropped: too many deliveries waiting (webhooks.maxPending)",
              0));
    }
  }

  private void attempt(Delivery delivery) {
    long started = System.currentTimeMillis();
    byte[] body = delivery.body();
    int status = 0;
    String error = null;
    boolean retry;
    try {
      if (body == null) {
        body = CallbackPayload.of(delivery.submission(), revealsFirstFailingTest(delivery));
      }
      URI url = addresses.checkUrl(delivery.submission().callbackUrl());
      // why: OkHttp does not ask its resolver about an address written in the URL; this check
      // covers those, the resolver covers names (at the moment of connecting).
      addresses.allowedAddresses(url.getHost());
      status = post(url, delivery, body);
      retry = status >= 500 || status == 408 || status == 429;
    } catch (DeniedAddressException e) {
      error = e.getMessage();
      retry = false;
    } catch (IllegalArgumentException e) {
      error = "callbackUrl " + e.getMessage();
      retry = false;
    } catch (IOException e) {
      error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      retry = true;
    } catch (RuntimeException e) {
      LOG.warn("Submission(id={}) webhook attempt failed", delivery.id(), e);
      error = e.toString();
      retry = true;
    }
    long now = System.currentTimeMillis();
    CallbackAttempt attempt =
        new CallbackAttempt(started, delivery.attempt(), status, error, now - started);
    record(delivery, attempt);
    if (attempt.delivered()) {
      delivered.mark();
      LOG.info("Submission(id={}) webhook delivered: {}", delivery.id(), status);
      return;
    }
    long wait = backoffMillis(delivery.attempt());
    if (!retry || now + wait - delivery.firstAt() > config.retryForMs()) {
      failed.mark();
      LOG.warn(
          "Submission(id={}) webhook given up after {} attempts: {}",
          delivery.id(),
          delivery.attempt(),
          error == null ? "HTTP " + status : error);
      return;
    }
    Delivery next = delivery.next(body);
    try {
      timer.schedule(() -> submit(next), wait, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // why: the dispatcher is stopping; pending retries are dropped with it.
      LOG.info("Submission(id={}) webhook retry dropped: stopping", delivery.id());
    }
  }

  private int post(URI url, Delivery delivery, byte[] body) throws IOException {
    String timestamp = Long.toString(System.currentTimeMillis() / 1000);
    Request request =
        new Request.Builder()
            .url(url.toString())
            .header("User-Agent", "verdict-webhook")
            .header(WebhookSignature.EVENT_HEADER, EVENT)
            .header(WebhookSignature.DELIVERY_HEADER, delivery.deliveryId())
            .header(WebhookSignature.TIMESTAMP_HEADER, timestamp)
            .header(
                WebhookSignature.SIGNATURE_HEADER,
                WebhookSignature.sign(config.secret(), timestamp, body))
            .post(RequestBody.create(body, JSON))
            .build();
    try (Timer.Context ignored = postTimer.time();
        Response response = client.newCall(request).execute()) {
      return response.code();
    }
  }

  /**
   * The wait before attempt {@code attempt + 1}: {@code initialBackoffMs} doubled per attempt, at
   * most {@code maxBackoffMs}, then a random half of it taken off, so receivers that failed
   * together are not retried together.
   */
  long backoffMillis(int attempt) {
    long base = config.initialBackoffMs();
    for (int i = 1; i < attempt && base < config.maxBackoffMs(); i++) {
      base *= 2;
    }
    base = Math.min(base, config.maxBackoffMs());
    return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
  }

  private boolean revealsFirstFailingTest(Delivery delivery) {
    return problems
        .find(delivery.submission().problemId())
        .map(ProblemRecord::revealsFirstFailingTest)
        .orElse(false);
  }

  private void record(Delivery delivery, CallbackAttempt attempt) {
    try {
      submissions.recordCallbackAttempt(delivery.id(), attempt);
    } catch (RuntimeException e) {
      LOG.warn(
          "Submission(id={}) webhook attempt {} not recorded: {}",
          delivery.id(),
          attempt.attempt(),
          e.toString());
    }
  }

  /**
   * Stops retrying, lets attempts in flight finish within one attempt's time, then interrupts the
   * rest. The timer goes first so that no retry is queued on a pool that is stopping.
   */
  @Override
  public void close() {
    timer.shutdownNow();
    pool.shutdown();
    try {
      if (!pool.awaitTermination(config.timeoutMs(), TimeUnit.MILLISECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
