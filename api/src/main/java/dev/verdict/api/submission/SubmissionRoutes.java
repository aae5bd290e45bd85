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
import dev.verdict.common.status.StatusStore;
import dev.verdict.common.submission.SubmissionStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * {@code POST /api/v1/submissions} and {@code GET /api/v1/submissions/{id}}. Accepting is bounded
 * by {@code api.maxConcurrentSubmissions}: beyond it the API answers 503 with Retry-After at once,
 * so a burst never turns into timeouts.
 */
public final class SubmissionRoutes implements AutoCloseable {
  private final SubmissionRequestParser parser;
  private final SubmissionService service;
  private final SubmissionStore submissions;
  private final StatusStore status;
  private final PublishedMarker published;
  private final Semaphore inFlight;
  private final int retryAfterSeconds;

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
      MetricRegistry metrics) {
    this.parser = new SubmissionRequestParser(mapper, config);
    this.published = new PublishedMarker(submissions, 20);
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
    this.inFlight = new Semaphore(config.maxConcurrentSubmissions());
    this.retryAfterSeconds = config.retryAfterSeconds();
    metrics.gauge(
        "verdict.api.submissions-in-flight",
        () -> () -> config.maxConcurrentSubmissions() - inFlight.availablePermits());
  }

  public void register(Javalin app) {
    app.post("/api/v1/submissions", this::create);
    app.get("/api/v1/submissions/{id}", this::get);
  }

  private void create(Context ctx) {
    if (!inFlight.tryAcquire()) {
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

  private void get(Context ctx) {
    String id = ctx.pathParam("id");
    if (!SubmissionIds.looksValid(id)) {
      throw ApiException.notFound("id", "no submission with id '" + id + "'");
    }
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
    ctx.json(
        view.orElseThrow(() -> ApiException.notFound("id", "no submission with id '" + id + "'")));
  }

  @Override
  public void close() {
    published.close();
  }
}
