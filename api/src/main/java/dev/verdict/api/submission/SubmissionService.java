package dev.verdict.api.submission;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import dev.verdict.api.access.Caller;
import dev.verdict.api.access.RateLimiter;
import dev.verdict.api.http.ApiException;
import dev.verdict.api.http.Echo;
import dev.verdict.api.http.ServiceUnavailableException;
import dev.verdict.api.problem.CurrentProblems;
import dev.verdict.common.blob.BlobStore;
import dev.verdict.common.broker.ConfirmingPublisher;
import dev.verdict.common.broker.Topology;
import dev.verdict.common.codec.MessageCodec;
import dev.verdict.common.config.ApiConfig;
import dev.verdict.common.config.LanguageConfig;
import dev.verdict.common.config.WebhookConfig;
import dev.verdict.common.language.EntryPoints;
import dev.verdict.common.message.SourceFile;
import dev.verdict.common.message.SubmissionQueued;
import dev.verdict.common.problem.ProblemStore;
import dev.verdict.common.problem.ProblemVersion;
import dev.verdict.common.status.StatusStore;
import dev.verdict.common.submission.Submission;
import dev.verdict.common.submission.SubmissionStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepting a submission: its files into GridFS, the submission into MongoDB (the durable record,
 * before anything else can see it), its status into Redis, its message to RabbitMQ with a confirm.
 * A publish that fails still answers 202: the submission is stored unpublished and the dispatcher's
 * outbox sweeper publishes it later. An ad-hoc run's tests become an unlisted problem version first
 * ({@link AdhocProblems}), so from then on it is a submission like any other.
 *
 * <p>Accepting is bounded by {@code api.maxConcurrentSubmissions}: a submission beyond it waits up
 * to {@code api.admissionWaitMs} for its turn, then is refused with 503 and Retry-After, so a burst
 * is absorbed and an overload refused, never left to time out. Every way in (the JSON route, and
 * other routes calling {@link #submit}) takes the same rate limit, admission and checks.
 */
public final class SubmissionService {
  private static final Logger LOG = LoggerFactory.getLogger(SubmissionService.class);

  private final ApiConfig config;
  private final CurrentProblems problems;
  private final AdhocProblems adhoc;
  private final Map<String, LanguageConfig> languages;
  private final BlobStore blobs;
  private final SubmissionStore submissions;
  private final StatusStore status;
  private final ConfirmingPublisher publisher;
  private final ConfirmationRecorder confirmations;
  private final Topology topology;
  private final MessageCodec codec;
  private final RateLimiter rateLimiter;
  private final SubmissionChecks checks;
  private final CallbackUrls callbacks;
  private final Semaphore inFlight;
  private final Timer acceptTimer;

  SubmissionService(
      ApiConfig config,
      CurrentProblems problems,
      ProblemStore problemStore,
      Map<String, LanguageConfig> languages,
      BlobStore blobs,
      SubmissionStore submissions,
      StatusStore status,
      ConfirmingPublisher publisher,
      ConfirmationRecorder confirmations,
      Topology topology,
      MessageCodec codec,
      RateLimiter rateLimiter,
      WebhookConfig webhooks,
      MetricRegistry metrics) {
    this.config = config;
    this.problems = problems;
    this.adhoc = new AdhocProblems(blobs, problemStore, config.inlineFileBytes());
    this.languages = Map.copyOf(languages);
    this.blobs = blobs;
    this.submissions = submissions;
    this.status = status;
    this.publisher = publisher;
    this.confirmations = confirmations;
    this.topology = topology;
    this.codec = codec;
    this.rateLimiter = rateLimiter;
    this.checks = new SubmissionChecks(config);
    this.callbacks = new CallbackUrls(webhooks);
    // why: fair, so a burst is accepted first come first served and no request waits out the
    // whole admission time while later ones overtake it.
    this.inFlight = new Semaphore(config.maxConcurrentSubmissions(), true);
    this.acceptTimer = metrics.timer("verdict.api.accept");
    metrics.gauge(
        "verdict.api.submissions-in-flight",
        () -> () -> config.maxConcurrentSubmissions() - inFlight.availablePermits());
  }

  /**
   * Checks, stores and queues {@code caller}'s submission, after the caller's rate limit and the
   * admission bound: the entry point for routes that build the submission themselves.
   *
   * @return the stored submission, QUEUED
   * @throws ApiException 400 or 413 naming the field that is wrong (nothing is stored then)
   * @throws dev.verdict.api.http.RateLimitedException 429 when the caller's rate is used up
   * @throws ServiceUnavailableException 503 when too many submissions are in flight or a store is
   *     away
   */
  public Submission submit(NewSubmission request, Caller caller) {
    return submit(request, caller, false);
  }

  /**
   * The same; a {@code bulk} one (a batch's item) is graded after the interactive ones that wait
   * ({@code dispatcher.bulkQueue}).
   */
  Submission submit(NewSubmission request, Caller caller, boolean bulk) {
    try (Admission ignored = admit(caller)) {
      checks.check(request);
      return accept(request, caller.name(), SubmissionIds.next(), bulk);
    }
  }

  /**
   * The request with the caller's token's default {@code callbackUrl} where it names none, while
   * webhooks are on (a default left from before they were turned off is ignored, not refused).
   */
  NewSubmission withDefaults(NewSubmission request, Caller caller) {
    return request.callbackUrl() == null && caller.callbackUrl() != null && callbacks.enabled()
        ? request.withCallbackUrl(caller.callbackUrl())
        : request;
  }

  /** One of the permits of {@code api.maxConcurrentSubmissions}, released by closing it. */
  interface Admission extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Takes one submission of the caller's rate and one of the permits, waiting up to {@code
   * api.admissionWaitMs} for it: a burst waits its turn (on a virtual thread, which costs little)
   * instead of being refused.
   */
  Admission admit(Caller caller) {
    rateLimiter.takeSubmission(caller);
    boolean admitted;
    try {
      admitted = inFlight.tryAcquire(config.admissionWaitMs(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      admitted = false;
    }
    if (!admitted) {
      throw new ServiceUnavailableException(
          "too many submissions in flight; retry later", config.retryAfterSeconds());
    }
    return inFlight::release;
  }

  /**
   * Stores and queues {@code owner}'s submission, whose parts were checked; returns it. Checks what
   * needs the stores or the language: the language, a source file of it, the entry point, the
   * problem.
   */
  Submission accept(NewSubmission request, String owner) {
    return accept(request, owner, SubmissionIds.next());
  }

  /**
   * Refuses, naming the file, a submission with no source file of its language but one of another
   * offered language: most likely the wrong language was chosen, and the file says which.
   */
  private void foreignSource(NewSubmission request, LanguageConfig language) {
    List<NewSubmission.NewFile> files = request.files();
    for (int i = 0; i < files.size(); i++) {
      String name = files.get(i).name();
      for (Map.Entry<String, LanguageConfig> other : languages.entrySet()) {
        if (other.getValue().isSource(name)) {
          throw ApiException.badRequest(
              "files[" + i + "].name",
              "'"
                  + Echo.clip(name)
                  + "' is a "
                  + other.getKey()
                  + " source file; "
                  + request.language()
                  + " takes names ending in one of "
                  + language.sourceExtensions());
        }
      }
    }
  }

  /** The same, under the id {@code id} chosen beforehand (an idempotency key's). */
  Submission accept(NewSubmission request, String owner, String id) {
    return accept(request, owner, id, false);
  }

  private Submission accept(NewSubmission request, String owner, String id, boolean bulk) {
    if (request.callbackUrl() != null) {
      callbacks.check(request.callbackUrl());
    }
    LanguageConfig language = languages.get(request.language());
    if (language == null) {
      throw ApiException.badRequest(
          "language",
          "'" + Echo.clip(request.language()) + "' is not offered; see GET /api/v1/languages");
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (NewSubmission.NewFile file : request.files()) {
      files.put(file.name(), file.content());
    }
    if (files.keySet().stream().noneMatch(language::isSource)) {
      foreignSource(request, language);
      throw ApiException.badRequest(
          "files",
          "holds no "
              + request.language()
              + " source file (a name ending in one of "
              + language.sourceExtensions()
              + ")");
    }
    EntryPoints.Choice entry = EntryPoints.choose(language, files, request.entryPoint());
    if (entry.refused()) {
      throw ApiException.badRequest(
          "entryPoint",
          request.entryPoint() == null
              ? entry.problem()
              : "'" + Echo.clip(request.entryPoint()) + "' " + entry.problem());
    }
    try (Timer.Context ignored = acceptTimer.time()) {
      ProblemVersion problem;
      if (request.isAdhoc()) {
        try {
          problem = adhoc.store(request);
        } catch (RuntimeException e) {
          LOG.error("an ad-hoc run's tests could not be stored", e);
          throw new ServiceUnavailableException(
              "the test store is unavailable; nothing was stored", config.retryAfterSeconds());
        }
      } else {
        problem =
            problems
                .get(request.problemId())
                .orElseThrow(
                    () ->
                        ApiException.badRequest(
                            "problem",
                            "'"
                                + Echo.clip(request.problemId())
                                + "' does not exist; see GET /api/v1/problems"));
        if (!problem.offers(request.language())) {
          throw ApiException.badRequest(
              "language",
              "'"
                  + request.language()
                  + "' is not accepted by problem '"
                  + problem.problemId()
                  + "', which takes "
                  + String.join(", ", problem.languages()));
        }
      }
      return store(id, request, problem, owner, bulk);
    }
  }

  private Submission store(
      String id, NewSubmission request, ProblemVersion problem, String owner, boolean bulk) {
    long now = System.currentTimeMillis();
    List<SourceFile> files = new ArrayList<>();
    Submission submission;
    try {
      for (NewSubmission.NewFile file : request.files()) {
        String sha = blobs.put(file.content());
        String inline =
            file.content().length <= config.inlineFileBytes()
                ? new String(file.content(), StandardCharsets.UTF_8)
                : null;
        files.add(new SourceFile(file.name(), sha, file.content().length, inline));
      }
      submission =
          Submission.queued(
                  id, problem.problemId(), problem.version(), request.language(), files, now, owner)
              .withEntryPoint(request.entryPoint())
              .withCallbackUrl(request.callbackUrl())
              .withBulk(bulk);
      submissions.insert(submission);
    } catch (RuntimeException e) {
      LOG.error("Submission(id={}) could not be stored", id, e);
      throw new ServiceUnavailableException(
          "the submission store is unavailable; nothing was stored", config.retryAfterSeconds());
    }
    try {
      // why: the API owns QUEUED in the live status; the worker writes RUNNING and progress, the
      // dispatcher DONE (StatusStore), so each stage writes only what it knows first.
      status.queued(
          id,
          problem.problemId(),
          problem.version(),
          request.language(),
          now,
          owner,
          request.callbackUrl());
    } catch (RuntimeException e) {
      // why: Redis is the live view only; GET falls back to MongoDB.
      LOG.warn(
          "Submission(id={}) stored, but its live status could not be set: {}", id, e.toString());
    }
    SubmissionQueued message =
        new SubmissionQueued(
            SubmissionQueued.VERSION,
            id,
            problem.problemId(),
            problem.version(),
            request.language(),
            files,
            now,
            request.entryPoint());
    if (bulk) {
      message = message.asBulk();
    }
    boolean direct = publishesTask(request, bulk);
    try {
      CompletableFuture<Void> confirmed =
          direct
              ? publisher.publish(
                  topology.tasksQueue(), codec.encode(problem.taskFor(message)), true)
              : publisher.publish(topology.submissionsQueue(), codec.encode(message), true);
      publisher.await(confirmed, "Submission(id=" + id + ")");
      confirmations.add(id);
    } catch (RuntimeException e) {
      LOG.warn(
          "Submission(id={}) stored but not yet published ({}); the outbox sweeper will publish it",
          id,
          e.toString());
    }
    return submission;
  }

  /**
   * Whether the submission's grading task goes to the task queue from here ({@code
   * api.adhoc.directTasks}): an ad-hoc run with one test, which a dispatcher would turn into
   * exactly that one task (one test is never split, and an ad-hoc run is never a rejudge), so its
   * hop through the dispatcher adds a message and a look-up of the version just stored, and nothing
   * else. Everything the dispatcher's intake promises still holds: the submission is stored before
   * the task exists, and one never confirmed is published by the outbox sweeper as a submission
   * message, which a dispatcher turns into the same task (a task graded twice is recorded once).
   */
  private boolean publishesTask(NewSubmission request, boolean bulk) {
    return config.adhoc().directTasks()
        && request.isAdhoc()
        && !bulk
        && request.tests().size() == 1;
  }
}
