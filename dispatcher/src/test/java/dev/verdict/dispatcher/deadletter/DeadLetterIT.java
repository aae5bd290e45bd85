package dev.verdict.dispatcher.deadletter;

import static dev.verdict.common.submission.SubmissionState.DONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.verdict.common.message.GradingTask;
import dev.verdict.common.message.MessageFixtures;
import dev.verdict.common.message.Verdict;
import dev.verdict.common.submission.Submission;
import dev.verdict.common.testing.ServicesExtension;
import dev.verdict.dispatcher.testing.RunningDispatcher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A poison message never hangs a submission: a task that fails on every delivery the tasks queue
 * allows is dead-lettered, its submission finished as INTERNAL_ERROR, and the message parked for an
 * operator; an unreadable message is parked and changes nothing.
 */
class DeadLetterIT {
  private static final String PARKED_REASON = "x-verdict-dead-reason";

  @RegisterExtension static final ServicesExtension services = ServicesExtension.perTest();
  private RunningDispatcher dispatcher;

  @BeforeEach
  void start() {
    dispatcher = RunningDispatcher.start(services, "rabbitmq.taskDeliveryLimit=1");
  }

  @AfterEach
  void stop() {
    dispatcher.close();
  }

  private static GradingTask taskOf(String id) {
    GradingTask t = MessageFixtures.gradingTask();
    return new GradingTask(
        t.v(),
        id,
        t.problemId(),
        t.problemVersion(),
        t.language(),
        t.files(),
        t.tests(),
        t.limits(),
        t.checker(),
        t.stopOnFailure(),
        t.queuedAt());
  }

  private GetResponse awaitParked() {
    try (Channel channel = services.rabbit().channel()) {
      return await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> channel.basicGet(dispatcher.topology.parkedQueue(), true), got -> got != null);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void a_task_that_fails_on_every_delivery_is_dead_lettered_and_its_submission_ends_in_error()
      throws Exception {
    String id = "0190a000-0000-7000-8000-0000000dead1";
    dispatcher.queued(id);
    GradingTask task = taskOf(id);
    String tasks = dispatcher.topology.tasksQueue();
    dispatcher.publish(tasks, task);

    // why: a worker slot that dies mid-task returns its delivery; the quorum queue counts them.
    try (Channel worker = services.rabbit().channel()) {
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                GetResponse delivery = worker.basicGet(tasks, false);
                if (delivery != null) {
                  worker.basicNack(delivery.getEnvelope().getDeliveryTag(), false, true);
                }
                assertThat(dispatcher.submissions.find(id).orElseThrow().state()).isEqualTo(DONE);
              });
    }

    Submission stored = dispatcher.submissions.find(id).orElseThrow();
    assertThat(stored.result().verdict()).isEqualTo(Verdict.INTERNAL_ERROR);
    assertThat(stored.result().maxScore()).isEqualTo(task.maxScore());
    assertThat(stored.result().error()).contains("abandoned");
    assertThat(dispatcher.status.get(id).orElseThrow().result().verdict())
        .isEqualTo(Verdict.INTERNAL_ERROR);
    GetResponse parked = awaitParked();
    assertThat(dispatcher.codec().decode(parked.getBody())).isEqualTo(task);
    assertThat(parked.getProps().getHeaders().get(PARKED_REASON).toString()).contains(tasks);
    assertThat(services.rabbit().messageCount(tasks)).isZero();
    assertThat(services.rabbit().messageCount(dispatcher.topology.deadLetterQueue())).isZero();
  }

  @Test
  void an_unreadable_message_is_parked_and_changes_nothing() {
    String id = "0190a000-0000-7000-8000-0000000dead2";
    Submission queued = dispatcher.queued(id);
    byte[] garbage = "{\"type\": \"no.such.message\"".getBytes(StandardCharsets.UTF_8);

    dispatcher.publish(dispatcher.topology.submissionsQueue(), garbage);

    GetResponse parked = awaitParked();
    assertThat(parked.getBody()).isEqualTo(garbage);
    assertThat(parked.getProps().getHeaders().get(PARKED_REASON).toString())
        .contains("rejected", dispatcher.topology.submissionsQueue());
    assertThat(dispatcher.count("verdict.dispatcher.dead-letters")).isEqualTo(1);
    assertThat(dispatcher.submissions.find(id)).contains(queued);
  }
}
