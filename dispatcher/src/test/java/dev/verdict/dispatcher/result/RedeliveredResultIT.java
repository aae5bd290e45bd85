package dev.verdict.dispatcher.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.TaskFinished;
import dev.verdict.common.message.TestResult;
import dev.verdict.common.message.Verdict;
import dev.verdict.common.metrics.Metrics;
import dev.verdict.common.status.LiveStatus;
import dev.verdict.common.status.StatusStore;
import dev.verdict.common.submission.StateChange;
import dev.verdict.common.submission.Submission;
import dev.verdict.common.submission.SubmissionState;
import dev.verdict.common.submission.SubmissionStore;
import dev.verdict.common.testing.ServicesExtension;
import dev.verdict.dispatcher.testing.RunningDispatcher;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A running dispatcher on the machine's RabbitMQ and Redis and the MongoDB stand-in: a result that
 * arrives again (the broker redelivered its task, or the worker published it twice) is recorded
 * once, in MongoDB and in Redis.
 */
class RedeliveredResultIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perTest();
  private RunningDispatcher running;
  private Metrics metrics;
  private SubmissionStore submissions;
  private StatusStore status;

  @BeforeEach
  void startDispatcher() {
    running = RunningDispatcher.start(services);
    metrics = running.metrics;
    submissions = running.submissions;
    status = running.status;
  }

  @AfterEach
  void stop() {
    running.close();
  }

  @Test
  void a_redelivered_result_is_recorded_once() throws Exception {
    Submission queued =
        Submission.queued(UUID.randomUUID().toString(), "sum", "v1", "python3", List.of(), 1_000);
    submissions.insert(queued);
    status.queued(queued.id(), "sum", "python3", 1_000);
    GradingOutcome first = outcome(Verdict.ACCEPTED, 1_100, 1_200);
    GradingOutcome late = outcome(Verdict.WRONG_ANSWER, 1_300, 1_400);

    publishResult(queued.id(), first);
    publishResult(queued.id(), first);
    publishResult(queued.id(), late);

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(metrics.registry().timer("verdict.dispatcher.result").getCount())
                    .as("results handled")
                    .isEqualTo(3));
    Submission stored = submissions.find(queued.id()).orElseThrow();
    assertThat(stored.state()).isEqualTo(SubmissionState.DONE);
    assertThat(stored.history().stream().map(StateChange::state))
        .containsExactly(SubmissionState.QUEUED, SubmissionState.RUNNING, SubmissionState.DONE);
    assertThat(stored.version()).as("saved once").isEqualTo(1);
    assertThat(stored.result()).isEqualTo(first);
    LiveStatus live = status.get(queued.id()).orElseThrow();
    assertThat(live.state()).isEqualTo(SubmissionState.DONE);
    assertThat(live.result()).isEqualTo(first);
    assertThat(metrics.registry().meter("verdict.dispatcher.verdict.ACCEPTED").getCount())
        .isEqualTo(1);
    assertThat(metrics.registry().meter("verdict.dispatcher.verdict.WRONG_ANSWER").getCount())
        .isZero();
  }

  @Test
  void a_redelivered_result_of_a_grading_a_rejudge_replaced_never_overwrites_the_newer_one() {
    Submission queued =
        Submission.queued(UUID.randomUUID().toString(), "sum", "v1", "python3", List.of(), 1_000);
    submissions.insert(queued);
    GradingOutcome first = outcome(Verdict.WRONG_ANSWER, 1_100, 1_200);
    GradingOutcome second = outcome(Verdict.ACCEPTED, 2_100, 2_200);
    submissions.finish(queued.id(), 1, first, 1_300);
    status.requeued(submissions.requeue(queued.id(), "v2", "rj_1", 2_000).orElseThrow());

    publishResult(queued.id(), 2, second);
    awaitHandled(1);
    publishResult(queued.id(), 1, first);
    publishResult(queued.id(), 1, outcome(Verdict.RUNTIME_ERROR, 1_100, 1_200));
    awaitHandled(3);

    Submission stored = submissions.find(queued.id()).orElseThrow();
    assertThat(stored.grading()).isEqualTo(2);
    assertThat(stored.result()).isEqualTo(second);
    assertThat(stored.gradings()).extracting(g -> g.result()).containsExactly(first);
    LiveStatus live = status.get(queued.id()).orElseThrow();
    assertThat(live.state()).isEqualTo(SubmissionState.DONE);
    assertThat(live.grading()).isEqualTo(2);
    assertThat(live.result()).isEqualTo(second);
  }

  private void awaitHandled(long results) {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(metrics.registry().timer("verdict.dispatcher.result").getCount())
                    .as("results handled")
                    .isEqualTo(results));
  }

  @Test
  void a_result_redelivered_after_its_live_status_was_lost_makes_the_live_status_done()
      throws Exception {
    // As a Redis restart leaves it: the result is in MongoDB, the live status (written second)
    // failed, and the broker redelivers the result.
    Submission queued =
        Submission.queued(UUID.randomUUID().toString(), "sum", "v1", "python3", List.of(), 1_000);
    submissions.insert(queued);
    status.queued(queued.id(), "sum", "python3", 1_000);
    GradingOutcome first = outcome(Verdict.ACCEPTED, 1_100, 1_200);
    submissions.finish(queued.id(), 1, first, 1_300);

    publishResult(queued.id(), first);

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(status.get(queued.id()).orElseThrow().state())
                    .isEqualTo(SubmissionState.DONE));
    assertThat(status.get(queued.id()).orElseThrow().result()).isEqualTo(first);
    assertThat(submissions.find(queued.id()).orElseThrow().version()).isEqualTo(1);
    assertThat(metrics.registry().meter("verdict.dispatcher.verdict.ACCEPTED").getCount())
        .as("counted once, when it was first recorded")
        .isZero();
  }

  private void publishResult(String id, GradingOutcome outcome) {
    publishResult(id, 1, outcome);
  }

  private void publishResult(String id, int grading, GradingOutcome outcome) {
    running.publish(
        running.topology.resultsQueue(),
        new TaskFinished(TaskFinished.VERSION, id, outcome, grading));
  }

  private static GradingOutcome outcome(Verdict verdict, long startedAt, long finishedAt) {
    return GradingOutcome.fromTests(
        List.of(new TestResult("sample/1", verdict, 1, 10, 20, 4_096, 0, null, null)),
        1,
        "",
        "worker-it",
        startedAt,
        finishedAt);
  }
}
