package dev.verdict.api.submission;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.api.http.ApiException;
import dev.verdict.api.http.ServiceUnavailableException;
import dev.verdict.api.problem.CurrentProblems;
import dev.verdict.common.blob.BlobStore;
import dev.verdict.common.broker.ConfirmingPublisher;
import dev.verdict.common.broker.Topology;
import dev.verdict.common.codec.MessageCodec;
import dev.verdict.common.config.ApiConfig;
import dev.verdict.common.config.RedisConfig;
import dev.verdict.common.status.StatusStore;
import dev.verdict.common.status.StatusStore.Change;
import dev.verdict.common.submission.SubmissionStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * {@code POST /api/v1/submissions} and {@code GET /api/v1/submissions/{id}}. Accepting is bounded
 * by {@code api.maxConcurrentSubmissions}: a submission beyond it waits up to {@code
 * api.admissionWaitMs} for its turn, then the API answers 503 with Retry-After, so a burst is
 * absorbed and an overload refused, never left to time out.
 */
public final class SubmissionRoutes implements AutoCloseable {
  private final SubmissionRequestParser parser;
  private final SubmissionService service;
  private final SubmissionStore submissions;
  private final StatusStore status;
  private final PublishedMarker published;
  private final Semaphore inFlight;
  private final int retryAfterSeconds;
  private final long admissionWaitMs;
  private final StatusEvents events;
  private static final long MAX_WAIT_MS = 30_000;

  public SubmissionRoutes(
      ApiConfig config,
      ObjectMapper mapper,
      CurrentProblems problems,
      Set<String> languages,
      BlobStore blobs,
      SubmissionStore submissions,
      StatusStore status,
      ConfirmingPublisher publisher,
      Topology topology,
      MessageCodec codec,
      RedisConfig redisConfig,
      MetricRegistry metrics) {
    this.parser = new SubmissionRequestParser(mapper, config);
    this.published = new PublishedMarker(submissions, config.publishedFlagIntervalMs());
    this.service =
        new SubmissionService(
            config,
            problems,
            languages,
            blobs,
            submissions,
            status,
            publisher,
            published,
            topology,
            codec,
            metrics);
    this.submissions = submissions;
    this.status = status;
    // why: fair, so a burst is accepted first come first served and no request waits out the
    // whole admission time while later ones overtake it.
    this.inFlight = new Semaphore(config.maxConcurrentSubmissions(), true);
    this.retryAfterSeconds = config.retryAfterSeconds();
    this.admissionWaitMs = config.admissionWaitMs();
    this.events = new StatusEvents(redisConfig, status);
    metrics.gauge(
        "verdict.api.submissions-in-flight",
        () -> () -> config.maxConcurrentSubmissions() - inFlight.availablePermits());
  }

  public void register(Javalin app) {
    app.post("/api/v1/submissions", this::create);
    app.get("/api/v1/submissions/{id}", this::get);
  }

  private void create(Context ctx) {
    if (!admitted()) {
      throw new ServiceUnavailableException(
          "too many submissions in flight; retry later", retryAfterSeconds);
    }
    try {
      NewSubmission request = parser.parse(ctx.bodyAsBytes());
      String id = service.accept(request);
      ctx.status(202)
          .header("Location", "/api/v1/submissions/" + id)
          .json(Map.of("id", id, "status", "QUEUED"));
    } finally {
      inFlight.release();
    }
  }

  /**
   * Takes one of the permits, waiting up to {@code api.admissionWaitMs} for one: a burst waits its
   * turn (on a virtual thread, which costs little) instead of being refused.
   */
  private boolean admitted() {
    try {
      return inFlight.tryAcquire(admissionWaitMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * The submission's current state. Long polls, waiting up to {@code waitMs} (at most 30 s): {@code
   * ?after=<revision>} answers at the submission's next change; {@code ?until=result} once it has a
   * first test result (or is done); {@code ?until=done} once it is done. A client follows a
   * submission with a request per change it cares about rather than per poll interval.
   */
  private void get(Context ctx) {
    String id = ctx.pathParam("id");
    if (!SubmissionIds.looksValid(id)) {
      throw ApiException.notFound("id", "no submission with id '" + id + "'");
    }
    long waitMs = waitMillis(ctx.queryParam("waitMs"));
    String until = ctx.queryParam("until");
    Predicate<SubmissionView> ready = readiness(ctx.queryParam("after"), until);
    Set<Change> wakeOn = wakeOn(until);
    if (waitMs == 0) {
      ctx.json(read(id));
      return;
    }
    long deadline = System.nanoTime() + waitMs * 1_000_000L;
    // why: register for the next change before each read, or a change between the read and the
    // registration would be missed; one read per wake-up, and none wasted before the first wait.
    CompletableFuture<Void> change = events.next(id, wakeOn);
    SubmissionView view = null;
    try {
      view = read(id);
      while (!ready.test(view) && !view.finished()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        change.get(left, TimeUnit.NANOSECONDS);
        events.cancel(id, change);
        change = events.next(id, wakeOn);
        view = read(id);
      }
    } catch (TimeoutException e) {
      view = read(id);
    } catch (InterruptedException e) {
      // why: the server is stopping; answer with what is known.
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      events.cancel(id, change);
    }
    ctx.json(view);
  }

  /** When a long poll may answer; with neither parameter, at once. */
  private static Predicate<SubmissionView> readiness(String after, String until) {
    if (after != null && until != null) {
      throw ApiException.badRequest("until", "cannot be combined with after");
    }
    if (after != null) {
      return view -> !view.revision().equals(after);
    }
    if (until == null) {
      return view -> true;
    }
    return switch (until) {
      case "result" -> view -> view.finished() || !view.tests().isEmpty();
      case "done" -> SubmissionView::finished;
      default ->
          throw ApiException.badRequest("until", "must be result or done, was '" + until + "'");
    };
  }

  /** The announced changes that may make a long poll ready; others need not wake it. */
  private static Set<Change> wakeOn(String until) {
    if ("done".equals(until)) {
      return EnumSet.of(Change.DONE);
    }
    if ("result".equals(until)) {
      return EnumSet.of(Change.TESTS, Change.DONE);
    }
    return EnumSet.allOf(Change.class);
  }

  private static long waitMillis(String value) {
    if (value == null) {
      return 0;
    }
    try {
      long ms = Long.parseLong(value);
      if (ms < 0 || ms > MAX_WAIT_MS) {
        throw ApiException.badRequest("waitMs", "must be 0.." + MAX_WAIT_MS + ", was " + ms);
      }
      return ms;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("waitMs", "must be a whole number of milliseconds");
    }
  }

  private SubmissionView read(String id) {
    Optional<SubmissionView> view;
    try {
      view = status.get(id).map(SubmissionView::of);
    } catch (RuntimeException e) {
      // why: Redis is a cache of the live state; MongoDB has the durable one.
      view = Optional.empty();
    }
    if (view.isEmpty()) {
      view = submissions.find(id).map(SubmissionView::of);
    }
    return view.orElseThrow(
        () -> ApiException.notFound("id", "no submission with id '" + id + "'"));
  }

  @Override
  public void close() {
    events.close();
    published.close();
  }
}
