package dev.verdict.api.jobe;

import dev.verdict.api.submission.StatusEvents;
import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.status.LiveStatus;
import dev.verdict.common.status.StatusStore;
import dev.verdict.common.status.StatusStore.Change;
import dev.verdict.common.submission.Submission;
import dev.verdict.common.submission.SubmissionState;
import dev.verdict.common.submission.SubmissionStore;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for a queued run's result, which Jobe answers synchronously: first for a grader slot to
 * start it ({@code jobe.queueWaitMs}, after which the answer is Jobe's overload), then for its
 * result ({@code jobe.runWaitMs}, which also covers a redelivery to another worker when one dies).
 * Woken by the status store's announcement of DONE, and in any case every {@value #RECHECK_MS} ms,
 * so a lost announcement (a Redis subscription dropping) delays an answer but never loses it.
 */
final class RunWaiter {
  static final long RECHECK_MS = 500;
  // why: only DONE ends a wait. A start is seen at the next re-check (the queue deadline is one),
  // which extends the run's wait by at most RECHECK_MS; waking on it cost every run a second wake
  // and a read of its live status.
  private static final Set<Change> WAKE_ON = EnumSet.of(Change.DONE);

  private final StatusEvents events;
  private final StatusStore status;
  private final SubmissionStore submissions;
  private final long queueWaitMs;
  private final long runWaitMs;

  /** How the wait ended. */
  sealed interface Ending {}

  /** The run finished with {@code outcome}. */
  record Finished(GradingOutcome outcome) implements Ending {}

  /** No slot started the run within {@code jobe.queueWaitMs}. */
  record NotStarted() implements Ending {}

  /** The run started but its result did not come within {@code jobe.runWaitMs}. */
  record NoResult() implements Ending {}

  RunWaiter(
      StatusEvents events,
      StatusStore status,
      SubmissionStore submissions,
      long queueWaitMs,
      long runWaitMs) {
    this.events = events;
    this.status = status;
    this.submissions = submissions;
    this.queueWaitMs = queueWaitMs;
    this.runWaitMs = runWaitMs;
  }

  /** Waits for submission {@code id}, queued at {@code queuedAtNanos} ({@link System#nanoTime}). */
  Ending await(String id, long queuedAtNanos) throws InterruptedException {
    long queueDeadline = queuedAtNanos + TimeUnit.MILLISECONDS.toNanos(queueWaitMs);
    long runDeadline = Long.MAX_VALUE;
    while (true) {
      // why: registered before each read, or a change between the read and the registration
      // would not wake this wait.
      CompletableFuture<Void> change = events.next(id, WAKE_ON);
      try {
        Optional<LiveStatus> live = live(id);
        SubmissionState state = live.map(LiveStatus::state).orElseGet(() -> stored(id));
        if (state == SubmissionState.DONE) {
          // why: the read that found it DONE holds its result; read again only without one.
          return live.isPresent() && live.get().result() != null
              ? new Finished(live.get().result())
              : finished(id);
        }
        long now = System.nanoTime();
        long deadline;
        if (state == SubmissionState.QUEUED) {
          if (now - queueDeadline >= 0) {
            return new NotStarted();
          }
          deadline = queueDeadline;
        } else {
          if (runDeadline == Long.MAX_VALUE) {
            runDeadline = now + TimeUnit.MILLISECONDS.toNanos(runWaitMs);
          }
          if (now - runDeadline >= 0) {
            return new NoResult();
          }
          deadline = runDeadline;
        }
        long wait = Math.min(deadline - now, TimeUnit.MILLISECONDS.toNanos(RECHECK_MS));
        try {
          change.get(wait, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          // why: a re-check on the clock, in case an announcement was lost.
        } catch (ExecutionException e) {
          throw new IllegalStateException(e.getCause());
        }
      } finally {
        events.cancel(id, change);
      }
    }
  }

  /** The run's state in MongoDB, for when Redis has no live status of it. */
  private SubmissionState stored(String id) {
    return submissions.find(id).map(Submission::state).orElse(SubmissionState.QUEUED);
  }

  private Ending finished(String id) {
    Optional<LiveStatus> live = live(id);
    if (live.isPresent() && live.get().result() != null) {
      return new Finished(live.get().result());
    }
    return submissions
        .find(id)
        .map(Submission::result)
        .<Ending>map(Finished::new)
        .orElseGet(NoResult::new);
  }

  private Optional<LiveStatus> live(String id) {
    try {
      return status.get(id);
    } catch (RuntimeException e) {
      // why: Redis is a cache of the live state; MongoDB has the durable one.
      return Optional.empty();
    }
  }
}
