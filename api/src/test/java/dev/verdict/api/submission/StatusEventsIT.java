package dev.verdict.api.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.TestResult;
import dev.verdict.common.message.Verdict;
import dev.verdict.common.status.StatusStore;
import dev.verdict.common.status.StatusStore.Change;
import dev.verdict.common.testing.RedisExtension;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Long polls wait on announcements from the real Redis: each waiter is woken by the kinds of change
 * it asked for and by no other, so a request waiting for the final result sleeps through every test
 * result on the way.
 */
class StatusEventsIT {
  private static final TestResult PASSED =
      new TestResult("sample/1", Verdict.ACCEPTED, 1, 12.5, 15.0, 3_000, 0, null, null);

  @RegisterExtension static final RedisExtension redis = RedisExtension.perTest();
  private StatusStore status;
  private StatusEvents events;

  @BeforeEach
  void subscribe() {
    status = new StatusStore(redis.client(), redis.namespace(), 60, new MetricRegistry());
    events = new StatusEvents(redis.config(), status);
    await().atMost(Duration.ofSeconds(10)).until(events::subscribed);
  }

  @AfterEach
  void close() {
    events.close();
  }

  @Test
  void a_waiter_for_the_final_result_sleeps_through_test_results_and_wakes_when_done() {
    String id = "sub-" + UUID.randomUUID();
    status.queued(id, "sum", "python3", 1_000);
    CompletableFuture<Void> done = events.next(id, EnumSet.of(Change.DONE));
    CompletableFuture<Void> result = events.next(id, EnumSet.of(Change.TESTS, Change.DONE));

    status.running(id, 1_100, "worker-1/0");
    status.testFinished(id, 0, PASSED);

    // why: both waiters hear the same announcements in order, so once the TESTS one woke the
    // result waiter, the done waiter has heard it too and must still be waiting.
    await().atMost(Duration.ofSeconds(5)).until(result::isDone);
    assertThat(done).isNotDone();

    status.done(
        id,
        "sum",
        "python3",
        1_000,
        new GradingOutcome(
            Verdict.ACCEPTED, 1, 1, "", List.of(PASSED), "worker-1/0", 1_100, 1_200, null, null),
        1_200);

    await().atMost(Duration.ofSeconds(5)).until(done::isDone);
  }

  @Test
  void a_waiter_for_any_change_wakes_at_the_first_one_and_only_for_its_submission() {
    String id = "sub-" + UUID.randomUUID();
    String other = "sub-" + UUID.randomUUID();
    status.queued(id, "sum", "python3", 1_000);
    status.queued(other, "sum", "python3", 1_000);
    CompletableFuture<Void> mine = events.next(id, EnumSet.allOf(Change.class));
    CompletableFuture<Void> theirs = events.next(other, EnumSet.allOf(Change.class));

    status.running(id, 1_100, "worker-1/0");

    await().atMost(Duration.ofSeconds(5)).until(mine::isDone);
    assertThat(theirs).isNotDone();
  }

  @Test
  void a_cancelled_waiter_is_forgotten() {
    String id = "sub-" + UUID.randomUUID();
    status.queued(id, "sum", "python3", 1_000);
    CompletableFuture<Void> cancelled = events.next(id, EnumSet.allOf(Change.class));
    CompletableFuture<Void> kept = events.next(id, EnumSet.allOf(Change.class));
    events.cancel(id, cancelled);

    status.running(id, 1_100, "worker-1/0");

    await().atMost(Duration.ofSeconds(5)).until(kept::isDone);
    assertThat(cancelled).isNotDone();
  }
}
