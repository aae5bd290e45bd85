package dev.verdict.dispatcher.outbox;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.broker.ConfirmingPublisher;
import dev.verdict.common.broker.Topology;
import dev.verdict.common.codec.MessageCodec;
import dev.verdict.common.message.SubmissionQueued;
import dev.verdict.common.submission.Submission;
import dev.verdict.common.submission.SubmissionStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox's second half. The API stores a submission before publishing it; if the publish was
 * never confirmed (broker down, API crashed), the submission stays unpublished in MongoDB. This
 * sweeper reads the outbox collection for such submissions older than a grace period and publishes
 * them, so an accepted submission is never lost. A rejudge's new grading has an outbox entry too,
 * and is published here the same way if its own publish was never confirmed. A duplicate publish is
 * harmless: finishing is idempotent.
 */
public final class OutboxSweeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxSweeper.class);
  private static final int BATCH = 500;

  private final SubmissionStore submissions;
  private final ConfirmingPublisher publisher;
  private final Topology topology;
  private final MessageCodec codec;
  private final long graceMillis;
  private final Meter republished;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "outbox-sweeper"));

  public OutboxSweeper(
      SubmissionStore submissions,
      ConfirmingPublisher publisher,
      Topology topology,
      MessageCodec codec,
      long intervalMillis,
      long graceMillis,
      MetricRegistry metrics) {
    this.submissions = submissions;
    this.publisher = publisher;
    this.topology = topology;
    this.codec = codec;
    this.graceMillis = graceMillis;
    this.republished = metrics.meter("verdict.dispatcher.outbox-republished");
    var unused =
        scheduler.scheduleWithFixedDelay(
            this::sweepSafely, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
  }

  private void sweepSafely() {
    try {
      sweep();
    } catch (RuntimeException e) {
      LOG.warn("outbox sweep failed; trying again next time: {}", e.toString());
    }
  }

  /** Publishes every unpublished submission older than the grace period; returns how many. */
  public int sweep() {
    long now = System.currentTimeMillis();
    // why: an entry without its submission is dropped only after twice the grace period, so an
    // insert still in flight is never mistaken for one that failed.
    List<Submission> stale =
        submissions.findUnpublished(now - graceMillis, now - 2 * graceMillis, BATCH);
    List<String> published = new ArrayList<>();
    for (Submission submission : stale) {
      SubmissionQueued message = submission.queuedMessage();
      publisher.publishAndWait(topology.submissionsQueue(), codec.encode(message));
      published.add(submission.id());
      LOG.warn("Submission(id={}) was never published; published it now", submission.id());
    }
    submissions.markPublished(published);
    republished.mark(published.size());
    return published.size();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
