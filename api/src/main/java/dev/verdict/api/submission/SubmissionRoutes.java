package dev.verdict.api.submission;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import dev.verdict.api.access.Access;
import dev.verdict.api.access.Caller;
import dev.verdict.api.access.RateLimiter;
import dev.verdict.api.http.ApiException;
import dev.verdict.api.http.Echo;
import dev.verdict.api.http.QueryParameters;
import dev.verdict.api.http.RequestBodies;
import dev.verdict.api.http.StrictJson;
import dev.verdict.api.problem.CurrentProblems;
import dev.verdict.common.access.Audience;
import dev.verdict.common.access.Role;
import dev.verdict.common.blob.BlobStore;
import dev.verdict.common.broker.ConfirmingPublisher;
import dev.verdict.common.broker.Topology;
import dev.verdict.common.codec.MessageCodec;
import dev.verdict.common.config.ApiConfig;
import dev.verdict.common.config.LanguageConfig;
import dev.verdict.common.config.RedisConfig;
import dev.verdict.common.config.WebhookConfig;
import dev.verdict.common.problem.ProblemStore;
import dev.verdict.common.status.LiveStatus;
import dev.verdict.common.status.StatusStore;
import dev.verdict.common.status.StatusStore.Change;
import dev.verdict.common.submission.Submission;
import dev.verdict.common.submission.SubmissionStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * {@code POST /api/v1/submissions}, {@code GET /api/v1/submissions/{id}}, its event stream {@code
 * GET /api/v1/submissions/{id}/events} ({@link EventStreams}) and the list {@code GET
 * /api/v1/submissions} ({@link SubmissionListing}). A submitter creates submissions and reads its
 * own; staff read all. Accepting (rate limit, admission bound, storing) is the {@link
 * SubmissionService}'s, which other routes use too ({@link #service()}).
 */
public final class SubmissionRoutes implements AutoCloseable {
  private final SubmissionRequestParser parser;
  private final MultipartSubmissions multipart;
  private final SubmissionBatches batches;
  private final IdempotencyKeys idempotency;
  private final StrictJson json;
  private final ObjectMapper mapper;
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private final SubmissionService service;
  private final SubmissionStore submissions;
  private final StatusStore status;
  private final ConfirmationRecorder confirmations;
  private final StatusEvents events;
  private final EventStreams streams;
  private final CurrentProblems problems;
  private final SubmissionListing listing;
  static final long MAX_WAIT_MS = 30_000;
  // why: the worker already caps the compiler's output at limits.compile.outputKb; this keeps a
  // submitter's answer bounded whatever a worker reported.
  static final int COMPILE_OUTPUT_CHARS = 64 * 1024;
  private static final Pattern REVISION =
      Pattern.compile("(QUEUED|RUNNING|DONE):[0-9]{1,6}(\\.[0-9]{1,6})?");

  public SubmissionRoutes(
      ApiConfig config,
      ObjectMapper mapper,
      CurrentProblems problems,
      ProblemStore problemStore,
      MongoDatabase database,
      Map<String, LanguageConfig> languages,
      BlobStore blobs,
      SubmissionStore submissions,
      StatusStore status,
      ConfirmingPublisher publisher,
      Topology topology,
      MessageCodec codec,
      RedisConfig redisConfig,
      RateLimiter rateLimiter,
      WebhookConfig webhooks,
      MetricRegistry metrics) {
    this.parser = new SubmissionRequestParser(config);
    this.multipart = new MultipartSubmissions(mapper);
    this.json = new StrictJson(mapper);
    this.mapper = mapper;
    this.idempotency =
        new IdempotencyKeys(
            database,
            submissions,
            config.idempotency().ttlDuration(),
            config.admissionWaitMs() + 30_000L,
            config.retryAfterSeconds(),
            metrics);
    this.confirmations = new ConfirmationRecorder(submissions, config.publishedFlagIntervalMs());
    this.service =
        new SubmissionService(
            config,
            problems,
            problemStore,
            languages,
            blobs,
            submissions,
            status,
            publisher,
            confirmations,
            topology,
            codec,
            rateLimiter,
            webhooks,
            metrics);
    this.batches = new SubmissionBatches(mapper, parser, service, config.maxBatchSubmissions());
    this.submissions = submissions;
    this.status = status;
    this.problems = problems;
    this.listing = new SubmissionListing(submissions, this::audience);
    this.events = new StatusEvents(redisConfig, status);
    this.streams =
        new EventStreams(
            config.events(), events, this::read, mapper, config.retryAfterSeconds(), metrics);
  }

  /** Accepting submissions, for routes that build them from their own request formats. */
  public SubmissionService service() {
    return service;
  }

  public void register(Javalin app) {
    app.post("/api/v1/submissions", this::create);
    app.post("/api/v1/submissions/batch", batches::create);
    app.get("/api/v1/submissions", ctx -> listing.list(ctx, Access.caller(ctx)));
    app.get("/api/v1/submissions/{id}", this::get);
    app.get("/api/v1/submissions/{id}/events", streams::open);
  }

  /**
   * What {@code caller} may see of a result of a submission to {@code problemId}: of an ad-hoc run
   * every test, since the submitter brought them.
   */
  public Audience audience(Caller caller, String problemId) {
    if (AdhocProblems.isAdhoc(problemId)) {
      return new Audience(caller.role(), false, COMPILE_OUTPUT_CHARS, true);
    }
    boolean reveal = !caller.role().seesEverything() && problems.revealsFirstFailingTest(problemId);
    return new Audience(caller.role(), reveal, COMPILE_OUTPUT_CHARS);
  }

  private void create(Context ctx) {
    Caller caller = Access.require(ctx, Role.SUBMITTER);
    RequestBodies.requireType(ctx, RequestBodies.JSON, MultipartSubmissions.MEDIA_TYPE);
    String key = ctx.header(IDEMPOTENCY_KEY);
    if (key != null) {
      createOnce(ctx, caller, IdempotencyKeys.check(key));
      return;
    }
    // why: admitted before the body is read, so requests waiting their turn hold no bodies.
    try (SubmissionService.Admission ignored = service.admit(caller)) {
      accepted(
          ctx,
          service
              .accept(service.withDefaults(parser.parse(body(ctx)), caller), caller.name())
              .id());
    }
  }

  /**
   * A request with an {@code Idempotency-Key}: its body is read first, to tell a retry (answered
   * with the submission the key made, without taking the rate limit again) from a new request.
   */
  private void createOnce(Context ctx, Caller caller, String key) {
    JsonNode body = body(ctx);
    String fingerprint = IdempotencyKeys.fingerprint(mapper, ctx.path(), body);
    IdempotencyKeys.Claim claim = idempotency.claim(caller.tokenId(), key, fingerprint);
    if (claim instanceof IdempotencyKeys.Done done) {
      ctx.header("Idempotency-Replayed", "true");
      accepted(ctx, done.submissionId());
      return;
    }
    IdempotencyKeys.Owned owned = (IdempotencyKeys.Owned) claim;
    try (SubmissionService.Admission ignored = service.admit(caller)) {
      accepted(
          ctx,
          service
              .accept(
                  service.withDefaults(parser.parse(body), caller),
                  caller.name(),
                  owned.submissionId())
              .id());
    } catch (RuntimeException e) {
      idempotency.release(owned);
      throw e;
    }
  }

  private JsonNode body(Context ctx) {
    return ctx.isMultipartFormData()
        ? multipart.read(ctx)
        : json.readObject(RequestBodies.json(ctx));
  }

  private static void accepted(Context ctx, String id) {
    ctx.status(202)
        .header("Location", "/api/v1/submissions/" + id)
        .json(Map.of("id", id, "status", "QUEUED"));
  }

  /**
   * The submission's current state. Long polls, waiting up to {@code waitMs} (at most 30 s): {@code
   * ?after=<revision>} answers at the submission's next change; {@code ?until=result} once it has a
   * first test result (or is done); {@code ?until=done} once it is done. A client follows a
   * submission with a request per change it cares about rather than per poll interval.
   */
  private void get(Context ctx) {
    Caller caller = Access.caller(ctx);
    String id = ctx.pathParam("id");
    QueryParameters.only(ctx, "waitMs", "until", "after");
    if (!SubmissionIds.looksValid(id)) {
      throw unknown(id);
    }
    long waitMs = waitMillis(ctx.queryParam("waitMs"));
    String until = ctx.queryParam("until");
    Predicate<SubmissionView> ready = readiness(ctx.queryParam("after"), until);
    Set<Change> wakeOn = wakeOn(until);
    if (waitMs == 0) {
      ctx.json(read(id, caller));
      return;
    }
    long deadline = System.nanoTime() + waitMs * 1_000_000L;
    // why: register for the next change before each read, or a change between the read and the
    // registration would be missed; one read per wake-up, and none wasted before the first wait.
    CompletableFuture<Void> change = events.next(id, wakeOn);
    SubmissionView view = null;
    try {
      view = read(id, caller);
      while (!ready.test(view) && !view.finished()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        change.get(left, TimeUnit.NANOSECONDS);
        events.cancel(id, change);
        change = events.next(id, wakeOn);
        view = read(id, caller);
      }
    } catch (TimeoutException e) {
      view = read(id, caller);
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
      if (!REVISION.matcher(after).matches()) {
        throw ApiException.badRequest(
            "after",
            "must be a revision as answers carry it: QUEUED, RUNNING or DONE, ':', a number of"
                + " tests, and after a rejudge '.' and the grading (e.g. RUNNING:3, DONE:10.2)");
      }
      return view -> !view.revision().equals(after);
    }
    if (until == null) {
      return view -> true;
    }
    return switch (until) {
      case "result" -> view -> view.finished() || !view.tests().isEmpty();
      case "done" -> SubmissionView::finished;
      default ->
          throw ApiException.badRequest(
              "until", "must be result or done, was '" + Echo.clip(until) + "'");
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
      throw ApiException.badRequest(
          "waitMs", "must be a whole number of milliseconds, 0.." + MAX_WAIT_MS);
    }
  }

  /**
   * The submission as {@code caller} may see it: live from Redis, else from MongoDB. Another user's
   * submission is answered exactly like one that does not exist, so ids reveal nothing.
   */
  private SubmissionView read(String id, Caller caller) {
    Optional<LiveStatus> live;
    try {
      live = status.get(id);
    } catch (RuntimeException e) {
      // why: Redis is a cache of the live state; MongoDB has the durable one.
      live = Optional.empty();
    }
    SubmissionView view;
    String callbackUrl;
    if (live.isPresent() && live.get().owner() != null) {
      callbackUrl = live.get().callbackUrl();
      view =
          SubmissionView.of(
              live.get(), live.get().owner(), audience(caller, live.get().problemId()));
    } else {
      Optional<Submission> stored = submissions.find(id);
      if (stored.isEmpty()) {
        throw unknown(id);
      }
      callbackUrl = stored.get().callbackUrl();
      Audience audience = audience(caller, stored.get().problemId());
      view =
          live.isPresent()
              ? SubmissionView.of(live.get(), stored.get().owner(), audience)
              : SubmissionView.of(stored.get(), audience);
    }
    if (!caller.mayRead(view.user())) {
      throw unknown(id);
    }
    if (callbackUrl != null) {
      // why: attempts start once the submission is done; only then is there anything to read.
      List<SubmissionView.AttemptView> attempts =
          view.finished()
              ? submissions.callbackAttempts(id).stream()
                  .map(SubmissionView.AttemptView::of)
                  .toList()
              : List.of();
      view = view.withCallback(new SubmissionView.CallbackView(callbackUrl, attempts));
    }
    return view;
  }

  static ApiException unknown(String id) {
    return ApiException.notFound("id", "no submission with id '" + Echo.clip(id) + "'");
  }

  @Override
  public void close() {
    streams.close();
    events.close();
    confirmations.close();
  }
}
