package dev.verdict.worker.slot;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.submission.SubmissionStore;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records in MongoDB that a slot started a submission (RUNNING, through the state table and the
 * version guard of {@link SubmissionStore#start}), on one thread of its own for the whole worker,
 * once the grading has gone on for {@code delay}.
 *
 * <p>The slot is the only process that knows when grading starts, so it writes the start, as it
 * does in Redis; a message to the dispatcher would cost a publish, a delivery, an acknowledgement
 * and a decode before the same write (the reason progress bypasses the broker, {@link
 * ProgressReporter}). Off the slot's thread, because grading must not wait for MongoDB: a slow or
 * absent MongoDB costs the record of the start, never a result. A start recorded late, after the
 * final result, is refused by the table (DONE does not go back), and a final result that arrives
 * first records the start itself from the outcome's start time. A start of a grading a rejudge has
 * replaced is refused by its grading number.
 *
 * <p>why the delay: a grading that ends sooner is cancelled before its start is written. Its final
 * result records the same start (the outcome's start time) in the same history, so what is stored
 * in the end is the same, and a short submission (most are; a one-test job takes tens of
 * milliseconds) spares MongoDB a read and a write, the worker their round trips, and the
 * dispatcher's final write a version conflict with a start written a moment before it. Only a
 * grading longer than the delay shows RUNNING in MongoDB while it runs; the live status in Redis
 * shows RUNNING at once either way.
 */
public final class StartRecorder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StartRecorder.class);
  // why: room for every slot's starts during a long MongoDB stall; beyond it starts are dropped
  // rather than holding memory for writes whose final results will record them anyway.
  private static final int BACKLOG = 1_024;

  /** How long a grading goes on before its start is written, unless told otherwise. */
  public static final Duration DEFAULT_DELAY = Duration.ofSeconds(1);

  /** A start not yet written; {@link #cancel} once the grading ended. */
  public interface Pending {
    /** The grading ended: its start is not written if it has not been yet. */
    void cancel();
  }

  private final SubmissionStore submissions;
  private final ScheduledThreadPoolExecutor executor;
  private final Meter dropped;
  private final long delayNanos;

  public StartRecorder(SubmissionStore submissions, MetricRegistry metrics) {
    this(submissions, DEFAULT_DELAY, metrics);
  }

  /**
   * @param delay how long a grading goes on before its start is written; zero writes every start
   */
  public StartRecorder(SubmissionStore submissions, Duration delay, MetricRegistry metrics) {
    this.submissions = submissions;
    this.delayNanos = delay.toNanos();
    this.dropped = metrics.meter("verdict.worker.starts-not-recorded");
    this.executor =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().name("start-recorder").daemon().factory());
    // why: most starts are cancelled; a cancelled one leaves the queue at once.
    executor.setRemoveOnCancelPolicy(true);
  }

  /**
   * A slot started submission {@code id}'s first grading; see {@link #started(String, int, long)}.
   */
  public Pending started(String id, long startedAt) {
    return started(id, 1, startedAt);
  }

  /**
   * A slot started grading {@code grading} of submission {@code id} at {@code startedAt}.
   *
   * @return the start to cancel when the grading ends
   */
  public Pending started(String id, int grading, long startedAt) {
    if (executor.getQueue().size() >= BACKLOG) {
      dropped.mark();
      LOG.debug("Submission(id={}) start not recorded: the backlog is full", id);
      return () -> {};
    }
    try {
      ScheduledFuture<?> scheduled =
          executor.schedule(() -> record(id, grading, startedAt), delayNanos, TimeUnit.NANOSECONDS);
      return () -> scheduled.cancel(false);
    } catch (RejectedExecutionException e) {
      dropped.mark();
      LOG.debug("Submission(id={}) start not recorded: the recorder is stopped", id);
      return () -> {};
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

  /**
   * Records the starts not cancelled, each when its delay is up (for at most 5 s in all), then
   * stops.
   */
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
