package dev.verdict.api.submission;

import dev.verdict.common.submission.SubmissionStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the broker's confirmations in MongoDB in batches: sets the {@code published} flag of the
 * confirmed submissions and removes their outbox entries, one MongoDB update every {@code
 * api.publishedFlagIntervalMs} for all of them rather than one per submission. If the API dies
 * before a batch is written, the dispatcher's sweeper republishes those submissions; the second
 * result is dropped, so grading twice is harmless.
 */
final class ConfirmationRecorder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConfirmationRecorder.class);
  private static final int MAX_BATCH = 1_000;

  private final SubmissionStore submissions;
  private final ConcurrentLinkedQueue<String> pending = new ConcurrentLinkedQueue<>();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "confirmation-recorder"));

  ConfirmationRecorder(SubmissionStore submissions, long intervalMillis) {
    this.submissions = submissions;
    var unused =
        scheduler.scheduleWithFixedDelay(
            this::flush, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
  }

  void add(String submissionId) {
    pending.add(submissionId);
  }

  void flush() {
    List<String> batch = new ArrayList<>();
    for (String id = pending.poll(); id != null; id = pending.poll()) {
      batch.add(id);
      if (batch.size() == MAX_BATCH) {
        write(batch);
        batch = new ArrayList<>();
      }
    }
    write(batch);
  }

  private void write(List<String> batch) {
    if (batch.isEmpty()) {
      return;
    }
    try {
      submissions.markPublished(batch);
    } catch (RuntimeException e) {
      // why: the flag only spares the sweeper work; unflagged submissions get republished.
      LOG.warn("could not mark {} submissions published: {}", batch.size(), e.toString());
    }
  }

  @Override
  public void close() {
    scheduler.shutdown();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flush();
  }
}
