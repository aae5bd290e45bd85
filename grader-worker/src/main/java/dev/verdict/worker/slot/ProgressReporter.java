package dev.verdict.worker.slot;

import dev.verdict.common.broker.ConfirmingPublisher;
import dev.verdict.common.codec.MessageCodec;
import dev.verdict.common.message.TestResult;
import dev.verdict.common.message.TestsFinished;
import dev.verdict.worker.grading.GradingListener;
import java.util.ArrayList;
import java.util.List;

/**
 * Reports a task's test results as they finish, without a message per test: the first result goes
 * out at once (how soon a user sees the first verdict), later ones are gathered and sent at most
 * once per interval. Whatever is still gathered when the task ends is left to the final result,
 * which carries every test anyway. Progress is published without waiting for a confirm.
 */
final class ProgressReporter implements GradingListener {
  private final ConfirmingPublisher publisher;
  private final MessageCodec codec;
  private final String queue;
  private final String submissionId;
  private final long intervalNanos;
  private final List<TestResult> pending = new ArrayList<>();
  private int pendingFrom;
  private long lastSent;
  private boolean sentAny;
  private int messages;

  /**
   * @param intervalMillis the least time between two progress messages; 0 sends one per test
   */
  ProgressReporter(
      ConfirmingPublisher publisher,
      MessageCodec codec,
      String queue,
      String submissionId,
      long intervalMillis) {
    this.publisher = publisher;
    this.codec = codec;
    this.queue = queue;
    this.submissionId = submissionId;
    this.intervalNanos = intervalMillis * 1_000_000L;
  }

  @Override
  public void testFinished(int index, TestResult result) {
    if (pending.isEmpty()) {
      pendingFrom = index;
    }
    pending.add(result);
    long now = System.nanoTime();
    if (!sentAny || now - lastSent >= intervalNanos) {
      send(now);
    }
  }

  /** How many progress messages this task has sent. */
  int messages() {
    return messages;
  }

  private void send(long now) {
    // why: progress is not waited for: one lost costs a live update, never a result.
    var unused =
        publisher.publish(
            queue,
            codec.encode(
                new TestsFinished(TestsFinished.VERSION, submissionId, pendingFrom, pending)),
            false);
    pending.clear();
    lastSent = now;
    sentAny = true;
    messages++;
  }
}
