package dev.verdict.worker.slot;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.submission.SubmissionStore;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records in MongoDB that a slot started a submission (RUNNING, through the state table and the
 * version guard of {@link SubmissionStore#start}), on one thread of its own for the whole worker.
 *
 * <p>The slot is the only process that knows when grading starts, so it writes the start, as it
 * does in Redis; a message to the dispatcher would cost a publish, a delivery, an acknowledgement
 * and a decode before the same write (the reason progress bypasses the broker, {@link
 * ProgressReporter}). Off the slot's thread, because grading must not wait for MongoDB: a slow or
 * absent MongoDB costs the record of the start, never a result. A start recorded late, after the
 * final result, is refused by the table (DONE does not go back), and a final result that arrives
 * first records the start itself from the outcome's start time. A start of a grading a rejudge has
 * replaced is refused by its grading number.
 */
public final class StartRecorder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StartRecorder.class);
  // why: room for every slot's starts during a long MongoDB stall; beyond it starts are dropped
  // rather than holding memory for writes whose final results will record them anyway.
  private static final int BACKLOG = 1_024;

  private final SubmissionStore submissions;
  private final ThreadPoolExecutor executor;
  private final Meter dropped;

  public StartRecorder(SubmissionStore submissions, MetricRegistry metrics) {
    this.submissions = submissions;
    this.dropped = metrics.meter("verdict.worker.starts-not-recorded");
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(BACKLOG),
            Thread.ofPlatform().name("start-recorder").daemon().factory());
  }

  /**
   * A slot started submission {@code id}'s first grading; see {@link #started(String, int, long)}.
   */
  public void started(String id, long startedAt) {
    started(id, 1, startedAt);
  }

  /** A slot started grading {@code grading} of submission {@code id} at {@code startedAt}. */
  public void started(String id, int grading, long startedAt) {
    try {
      executor.execute(() -> record(id, grading, startedAt));
    } catch (RejectedExecutionException e) {
      dropped.mark();
      LOG.debug("Submission(id={}) start not recorded: the backlog is full", id);
    }
  }

  private void record(String id, int grading, long startedAt) {
    try {
      if (submissions.start(id, grading, startedAt).isEmpty()) {
        LOG.debug(
            "Submission(id={}) start not recorded: unknown, already DONE or past grading {}",
            id,
            grading);
      }
    } catch (RuntimeException e) {
      dropped.mark();
      LOG.debug("Submission(id={}) start not recorded: {}", id, e.toString());
    }
  }

  /** Records the starts already taken (for at most 5 s), then stops. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
