package dev.verdict.dispatcher.result;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.Verdict;
import dev.verdict.common.status.StatusStore;
import dev.verdict.common.submission.Submission;
import dev.verdict.common.submission.SubmissionStore;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a submission's final result: MongoDB first (durable: the state table allows DONE once,
 * and the version guard makes exactly one of concurrent results win), then Redis (live). A result
 * for a submission that is already DONE is a redelivery or a duplicate and is dropped, so grading
 * is idempotent.
 *
 * <p>DONE is the dispatcher's only write to the live status: the API writes QUEUED, the worker
 * RUNNING and per-test progress.
 */
public final class Finalizer {
  private static final Logger LOG = LoggerFactory.getLogger(Finalizer.class);

  private final SubmissionStore submissions;
  private final StatusStore status;
  private final MetricRegistry metrics;
  private final Consumer<Submission> onDone;

  public Finalizer(SubmissionStore submissions, StatusStore status, MetricRegistry metrics) {
    this(submissions, status, metrics, done -> {});
  }

  /**
   * @param onDone told of each submission this finalizer finished, after both stores have it; it
   *     must return at once (the result's acknowledgement waits for it) and may not throw
   */
  public Finalizer(
      SubmissionStore submissions,
      StatusStore status,
      MetricRegistry metrics,
      Consumer<Submission> onDone) {
    this.submissions = submissions;
    this.status = status;
    this.metrics = metrics;
    this.onDone = onDone;
  }

  /**
   * @return true when this call recorded the result, false when the submission was already DONE or
   *     is unknown
   */
  public boolean finish(String submissionId, GradingOutcome outcome) {
    long now = System.currentTimeMillis();
    // why: the state table and the version guard decide, among duplicates and redeliveries,
    // which result wins: a second result finds the submission DONE, a concurrent one a newer
    // version, and is dropped. Redis follows only the winner, so it never shows a loser's result.
    Optional<Submission> finished = submissions.finish(submissionId, outcome, now);
    if (finished.isEmpty()) {
      if (submissions.find(submissionId).isEmpty()) {
        LOG.error("Submission(id={}) has a result but is not stored; dropping it", submissionId);
      } else {
        LOG.info("Submission(id={}) is already DONE; dropping a duplicate result", submissionId);
      }
      return false;
    }
    Submission done = finished.get();
    status.done(submissionId, done.problemId(), done.language(), done.createdAt(), outcome, now);
    metrics.meter("verdict.dispatcher.verdict." + outcome.verdict().name()).mark();
    metrics
        .histogram("verdict.dispatcher.end-to-end-ms")
        .update(Math.max(0, now - done.createdAt()));
    LOG.info(
        "Submission(id={}) DONE: {} {}/{}",
        submissionId,
        outcome.verdict(),
        outcome.score(),
        outcome.maxScore());
    onDone.accept(done);
    return true;
  }

  /** Finishes a submission that could not be graded. */
  public boolean internalError(String submissionId, double maxScore, String reason) {
    return internalError(submissionId, (Double) maxScore, reason);
  }

  /** Finishes a submission that could not be graded; {@code maxScore} null when unbounded. */
  public boolean internalError(String submissionId, Double maxScore, String reason) {
    long now = System.currentTimeMillis();
    return finish(
        submissionId,
        GradingOutcome.failed(Verdict.INTERNAL_ERROR, maxScore, "", "dispatcher", 0, now, reason));
  }
}
