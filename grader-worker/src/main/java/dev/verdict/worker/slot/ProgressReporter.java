package dev.verdict.worker.slot;

import dev.verdict.common.message.TestResult;
import dev.verdict.common.status.StatusStore;
import dev.verdict.worker.grading.GradingListener;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a task's test results to the live status as they finish, without a write per test: the
 * first result goes out at once (how soon a user sees the first verdict), later ones are gathered
 * and written at most once per interval. Whatever is still gathered when the task ends is left to
 * the final result, which carries every test anyway; so is the task's last test, whose result the
 * final one follows within milliseconds: a one-test task makes no progress write at all, which
 * spares it a Redis script, an announcement and the status read of every client it wakes.
 *
 * <p>Progress goes straight to Redis, not through the broker and the dispatcher: it may be lost (a
 * Redis hiccup costs a live update, never a result), and a message per update through RabbitMQ and
 * the dispatcher cost several times the CPU of the one Redis call it ends in.
 */
final class ProgressReporter implements GradingListener {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressReporter.class);

  private final StatusStore status;
  private final String submissionId;
  private final int grading;
  private final long intervalNanos;
  private final int last;
  private final List<TestResult> pending = new ArrayList<>();
  private int pendingFrom;
  private long lastSent;
  private boolean sentAny;
  private int writes;

  /**
   * @param intervalMillis the least time between two progress writes; 0 writes one per test
   * @param last the index of the task's last test, whose result is left to the final result; -1
   *     writes every test
   */
  ProgressReporter(
      StatusStore status, String submissionId, int grading, long intervalMillis, int last) {
    this.status = status;
    this.submissionId = submissionId;
    this.grading = grading;
    this.intervalNanos = intervalMillis * 1_000_000L;
    this.last = last;
  }

  @Override
  public void testFinished(int index, TestResult result) {
    if (index == last) {
      return;
    }
    if (pending.isEmpty()) {
      pendingFrom = index;
    }
    pending.add(result);
    long now = System.nanoTime();
    if (!sentAny || now - lastSent >= intervalNanos) {
      send(now);
    }
  }

  /** How many progress writes this task has made. */
  int writes() {
    return writes;
  }

  private void send(long now) {
    try {
      status.testsFinished(submissionId, grading, pendingFrom, pending);
    } catch (RuntimeException e) {
      LOG.debug("Submission(id={}) progress not written: {}", submissionId, e.toString());
    }
    pending.clear();
    lastSent = now;
    sentAny = true;
    writes++;
  }
}
