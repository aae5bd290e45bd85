package dev.verdict.dispatcher.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.MessageFixtures;
import dev.verdict.common.message.TaskFinished;
import dev.verdict.common.testing.ServicesExtension;
import dev.verdict.dispatcher.testing.RunningDispatcher;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A final result for a submission that is not stored reaches the dispatcher over the real results
 * queue: it changes nothing and is acknowledged, not retried or dead-lettered. (A duplicate or
 * redelivered result: {@link RedeliveredResultIT}.)
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

  private void awaitHandled(long results) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> dispatcher.count("verdict.dispatcher.result") == results);
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
