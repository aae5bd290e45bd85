package dev.verdict.dispatcher.result;

import static dev.verdict.common.submission.SubmissionState.DONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.MessageFixtures;
import dev.verdict.common.message.TaskFinished;
import dev.verdict.common.message.Verdict;
import dev.verdict.common.status.LiveStatus;
import dev.verdict.common.submission.StateChange;
import dev.verdict.common.submission.Submission;
import dev.verdict.common.testing.ServicesExtension;
import dev.verdict.dispatcher.testing.RunningDispatcher;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Final results reach the dispatcher over the real results queue: one per submission is recorded,
 * in MongoDB and in Redis; a duplicate, a redelivery or a result nobody asked for changes nothing
 * and is acknowledged, not retried or dead-lettered.
 */
class FinalizerIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perTest();
  private RunningDispatcher dispatcher;

  @BeforeEach
  void start() {
    dispatcher = RunningDispatcher.start(services);
  }

  @AfterEach
  void stop() {
    dispatcher.close();
  }

  private static TaskFinished finished(String id, GradingOutcome outcome) {
    return new TaskFinished(TaskFinished.VERSION, id, outcome);
  }

  private static GradingOutcome accepted() {
    long now = System.currentTimeMillis();
    return GradingOutcome.fromTests(
        List.of(MessageFixtures.accepted()), 1, "", "worker-a", now - 20, now - 10);
  }

  private static GradingOutcome wrong() {
    long now = System.currentTimeMillis();
    return GradingOutcome.fromTests(
        List.of(MessageFixtures.wrongAnswer()), 5, "", "worker-b", now - 20, now - 10);
  }

  private void awaitHandled(long results) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> dispatcher.count("verdict.dispatcher.result") == results);
  }

  @Test
  void a_duplicate_result_is_recorded_once_and_the_first_one_wins() {
    String id = "0190a000-0000-7000-8000-000000000d0b";
    dispatcher.queued(id);
    String results = dispatcher.topology.resultsQueue();

    dispatcher.publish(results, finished(id, accepted()));
    dispatcher.publish(results, finished(id, accepted()));
    dispatcher.publish(results, finished(id, wrong()));
    awaitHandled(3);

    Submission stored = dispatcher.submissions.find(id).orElseThrow();
    assertThat(stored.state()).isEqualTo(DONE);
    assertThat(stored.result().verdict()).isEqualTo(Verdict.ACCEPTED);
    assertThat(stored.history().stream().map(StateChange::state).filter(DONE::equals)).hasSize(1);
    LiveStatus live = dispatcher.status.get(id).orElseThrow();
    assertThat(live.state()).isEqualTo(DONE);
    assertThat(live.result().verdict()).isEqualTo(Verdict.ACCEPTED);
    assertThat(dispatcher.count("verdict.dispatcher.verdict.ACCEPTED")).isEqualTo(1);
    assertThat(dispatcher.count("verdict.dispatcher.verdict.WRONG_ANSWER")).isZero();
    assertThat(services.rabbit().messageCount(results)).isZero();
    assertThat(dispatcher.count("verdict.dispatcher.dead-letters")).isZero();
  }

  @Test
  void a_result_for_an_unknown_submission_is_dropped_and_stores_nothing() {
    String id = "0190a000-0000-7000-8000-00000000beef";

    dispatcher.publish(dispatcher.topology.resultsQueue(), finished(id, accepted()));
    awaitHandled(1);

    assertThat(dispatcher.submissions.find(id)).isEmpty();
    assertThat(dispatcher.status.get(id)).isEmpty();
    assertThat(services.redis().keys()).isEmpty();
    assertThat(dispatcher.count("verdict.dispatcher.verdict.ACCEPTED")).isZero();
    assertThat(services.rabbit().messageCount(dispatcher.topology.resultsQueue())).isZero();
    assertThat(dispatcher.count("verdict.dispatcher.dead-letters")).isZero();
  }
}
