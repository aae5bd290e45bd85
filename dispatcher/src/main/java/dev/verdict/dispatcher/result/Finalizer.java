package dev.verdict.dispatcher.result;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.Verdict;
import dev.verdict.common.rejudge.RejudgeStore;
import dev.verdict.common.status.StatusStore;
import dev.verdict.common.submission.Submission;
import dev.verdict.common.submission.SubmissionState;
import dev.verdict.common.submission.SubmissionStore;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a submission's final result: MongoDB first (durable: the state table allows DONE once per
 * grading, and the version guard makes exactly one of concurrent results win), then Redis (live). A
 * result for a submission that is already DONE is a redelivery or a duplicate, and one of a grading
 * a rejudge has replaced is late: both are dropped, so grading is idempotent. The result of a
 * rejudge's grading is counted on the rejudge.
 *
 * <p>DONE is the dispatcher's only write to the live status: the API writes QUEUED, the worker
 * RUNNING and per-test progress.
 */
public final class Finalizer {
  private static final Logger LOG = LoggerFactory.getLogger(Finalizer.class);

  private final SubmissionStore submissions;
  private final StatusStore status;
  private final RejudgeStore rejudges;
  private final MetricRegistry metrics;
  private final Consumer<Submission> onDone;

  /**
   * @param rejudges where a rejudge's new gradings are counted as they finish
   * @param onDone told of each submission this finalizer finished, after both stores have it; it
   *     must return at once (the result's acknowledgement waits for it) and may not throw
   */
  public Finalizer(
      SubmissionStore submissions,
      StatusStore status,
      RejudgeStore rejudges,
      MetricRegistry metrics,
      Consumer<Submission> onDone) {
    this.submissions = submissions;
    this.status = status;
    this.rejudges = rejudges;
    this.metrics = metrics;
    this.onDone = onDone;
  }

  /** The first grading's result; see {@link #finish(String, int, GradingOutcome)}. */
  public boolean finish(String submissionId, GradingOutcome outcome) {
    return finish(submissionId, 1, outcome);
  }

  /**
   * @return true when this call recorded the result of grading {@code grading}, false when the
   *     submission was already DONE, is in another grading or is unknown
   */
  public boolean finish(String submissionId, int grading, GradingOutcome outcome) {
    long now = System.currentTimeMillis();
    // why: the state table, the grading number and the version guard decide, among duplicates,
    // redeliveries and results of replaced gradings, which result wins: a second result finds the
    // submission DONE, a late one a newer grading, a concurrent one a newer version, and is
    // dropped. Redis follows only the winner, so it never shows a loser's result.
    Optional<Submission> finished = submissions.finish(submissionId, grading, outcome, now);
    if (finished.isEmpty()) {
      Optional<Submission> stored = submissions.find(submissionId);
      if (stored.isEmpty()) {
        LOG.error("Submission(id={}) has a result but is not stored; dropping it", submissionId);
      } else if (stored.get().grading() != Math.max(1, grading)) {
        LOG.info(
            "Submission(id={}) is in grading {}; dropping a result of grading {}",
            submissionId,
            stored.get().grading(),
            grading);
      } else {
        LOG.info("Submission(id={}) is already DONE; dropping a duplicate result", submissionId);
        repairLiveStatus(stored.get(), now);
      }
      return false;
    }
    Submission done = finished.get();
    status.done(
        submissionId,
        done.problemId(),
        done.problemVersion(),
        done.language(),
        done.createdAt(),
        done.grading(),
        outcome,
        now);
    if (done.rejudge() != null) {
      countForRejudge(done, outcome);
    }
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

  private void countForRejudge(Submission done, GradingOutcome outcome) {
    Verdict before =
        done.gradings().isEmpty() || done.gradings().getLast().result() == null
            ? null
            : done.gradings().getLast().result().verdict();
    try {
      rejudges.finished(done.rejudge(), before != outcome.verdict());
    } catch (RuntimeException e) {
      // why: the count is the rejudge's progress only; the result itself is recorded.
      LOG.warn(
          "Submission(id={}) graded for Rejudge(id={}), but not counted there: {}",
          done.id(),
          done.rejudge(),
          e.toString());
    }
  }

  /**
   * Writes the stored result of a DONE submission to the live status again. why: the first delivery
   * may have stored the result in MongoDB and then failed to write Redis (Redis restarted and lost
   * its data, or was away); the redelivery that follows is the only chance to make the live view
   * DONE, else it shows RUNNING until its keys expire. It writes the winner's result, never the
   * duplicate's, and is harmless when Redis already has it.
   */
  private void repairLiveStatus(Submission stored, long now) {
    if (stored.state() != SubmissionState.DONE || stored.result() == null) {
      return;
    }
    status.done(
        stored.id(),
        stored.problemId(),
        stored.problemVersion(),
        stored.language(),
        stored.createdAt(),
        stored.grading(),
        stored.result(),
        now);
  }

  /** Finishes a submission's first grading that could not be graded. */
  public boolean internalError(String submissionId, double maxScore, String reason) {
    return internalError(submissionId, 1, (Double) maxScore, reason);
  }

  /**
   * Finishes grading {@code grading} of a submission that could not be graded; {@code maxScore}
   * null when unbounded.
   */
  public boolean internalError(String submissionId, int grading, Double maxScore, String reason) {
    long now = System.currentTimeMillis();
    return finish(
        submissionId,
        grading,
        GradingOutcome.failed(Verdict.INTERNAL_ERROR, maxScore, "", "dispatcher", 0, now, reason));
  }
}
