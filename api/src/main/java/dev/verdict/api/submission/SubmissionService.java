package dev.verdict.api.submission;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
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
import dev.verdict.common.message.SourceFile;
import dev.verdict.common.message.SubmissionQueued;
import dev.verdict.common.problem.ProblemVersion;
import dev.verdict.common.status.StatusStore;
import dev.verdict.common.submission.Submission;
import dev.verdict.common.submission.SubmissionStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepting a submission: its files into GridFS, the submission into MongoDB (the durable record,
 * before anything else can see it), its status into Redis, its message to RabbitMQ with a confirm.
 * A publish that fails still answers 202: the submission is stored unpublished and the dispatcher's
 * outbox sweeper publishes it later.
 */
final class SubmissionService {
  private static final Logger LOG = LoggerFactory.getLogger(SubmissionService.class);

  private final ApiConfig config;
  private final CurrentProblems problems;
  private final Map<String, LanguageConfig> languages;
  private final BlobStore blobs;
  private final SubmissionStore submissions;
  private final StatusStore status;
  private final ConfirmingPublisher publisher;
  private final ConfirmationRecorder confirmations;
  private final Topology topology;
  private final MessageCodec codec;
  private final Timer acceptTimer;

  SubmissionService(
      ApiConfig config,
      CurrentProblems problems,
      Map<String, LanguageConfig> languages,
      BlobStore blobs,
      SubmissionStore submissions,
      StatusStore status,
      ConfirmingPublisher publisher,
      ConfirmationRecorder confirmations,
      Topology topology,
      MessageCodec codec,
      MetricRegistry metrics) {
    this.config = config;
    this.problems = problems;
    this.languages = Map.copyOf(languages);
    this.blobs = blobs;
    this.submissions = submissions;
    this.status = status;
    this.publisher = publisher;
    this.confirmations = confirmations;
    this.topology = topology;
    this.codec = codec;
    this.acceptTimer = metrics.timer("verdict.api.accept");
  }

  /** Stores and queues {@code owner}'s submission; returns its id. */
  String accept(NewSubmission request, String owner) {
    LanguageConfig language = languages.get(request.language());
    if (language == null) {
      throw ApiException.badRequest(
          "language",
          "'" + Echo.clip(request.language()) + "' is not offered; see GET /api/v1/languages");
    }
    for (int i = 0; i < request.files().size(); i++) {
      String name = request.files().get(i).name();
      if (!language.acceptsFileName(name)) {
        throw ApiException.badRequest(
            "files[" + i + "].name",
            "'"
                + Echo.clip(name)
                + "' does not end in one of "
                + request.language()
                + "'s extensions "
                + language.fileExtensions());
      }
    }
    ProblemVersion problem =
        problems
            .get(request.problemId())
            .orElseThrow(
                () ->
                    ApiException.badRequest(
                        "problem",
                        "'"
                            + Echo.clip(request.problemId())
                            + "' does not exist; see GET /api/v1/problems"));
    try (Timer.Context ignored = acceptTimer.time()) {
      return store(request, problem, owner);
    }
  }

  private String store(NewSubmission request, ProblemVersion problem, String owner) {
    String id = SubmissionIds.next();
    long now = System.currentTimeMillis();
    List<SourceFile> files = new ArrayList<>();
    try {
      for (NewSubmission.NewFile file : request.files()) {
        String sha = blobs.put(file.content());
        String inline =
            file.content().length <= config.inlineFileBytes()
                ? new String(file.content(), StandardCharsets.UTF_8)
                : null;
        files.add(new SourceFile(file.name(), sha, file.content().length, inline));
      }
      submissions.insert(
          Submission.queued(
              id, problem.problemId(), problem.version(), request.language(), files, now, owner));
    } catch (RuntimeException e) {
      LOG.error("Submission(id={}) could not be stored", id, e);
      throw new ServiceUnavailableException(
          "the submission store is unavailable; nothing was stored", config.retryAfterSeconds());
    }
    try {
      // why: the API owns QUEUED in the live status; the worker writes RUNNING and progress, the
      // dispatcher DONE (StatusStore), so each stage writes only what it knows first.
      status.queued(id, problem.problemId(), problem.version(), request.language(), now, owner);
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
            now);
    try {
      CompletableFuture<Void> confirmed =
          publisher.publish(topology.submissionsQueue(), codec.encode(message), true);
      publisher.await(confirmed, "Submission(id=" + id + ")");
      confirmations.add(id);
    } catch (RuntimeException e) {
      LOG.warn(
          "Submission(id={}) stored but not yet published ({}); the outbox sweeper will publish it",
          id,
          e.toString());
    }
    return id;
  }
}
