package dev.verdict.dispatcher.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.model.Filters;
import dev.verdict.common.message.ChunkRun;
import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.TaskFinished;
import dev.verdict.common.message.TestChunk;
import dev.verdict.common.message.TestResult;
import dev.verdict.common.message.Verdict;
import dev.verdict.common.submission.Submission;
import dev.verdict.common.submission.SubmissionState;
import dev.verdict.common.testing.ServicesExtension;
import dev.verdict.dispatcher.testing.RunningDispatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A running dispatcher on the machine's RabbitMQ and Redis and the MongoDB stand-in puts the parts
 * of a split submission back together: parts arriving out of order and one redelivered make one
 * result with every test once, in order; with stop-on-failure the part with the first failure
 * decides, and a part arriving after that changes nothing.
 */
class ChunkedResultsIT {
  @RegisterExtension static final ServicesExtension services = ServicesExtension.perTest();
  private RunningDispatcher running;

  @BeforeEach
  void startDispatcher() {
    running = RunningDispatcher.start(services);
  }

  @AfterEach
  void stop() {
    running.close();
  }

  @Test
  void parts_out_of_order_and_a_redelivered_one_make_one_result_in_test_order() {
    Submission queued = queued();
    TestChunk shape = new TestChunk(0, 3, 0, false, 6);

    publishPart(queued.id(), shape, 2, Verdict.ACCEPTED, Verdict.WRONG_ANSWER);
    publishPart(queued.id(), shape, 2, Verdict.ACCEPTED, Verdict.WRONG_ANSWER);
    publishPart(queued.id(), shape, 1, Verdict.ACCEPTED, Verdict.ACCEPTED);
    publishPart(queued.id(), shape, 0, Verdict.ACCEPTED, Verdict.RUNTIME_ERROR);
    awaitHandled(4);

    Submission stored = running.submissions.find(queued.id()).orElseThrow();
    assertThat(stored.state()).isEqualTo(SubmissionState.DONE);
    assertThat(stored.version()).as("saved once").isEqualTo(1);
    GradingOutcome result = stored.result();
    assertThat(result.tests())
        .extracting(TestResult::name)
        .containsExactly("secret/0", "secret/1", "secret/2", "secret/3", "secret/4", "secret/5");
    assertThat(result.verdict()).isEqualTo(Verdict.RUNTIME_ERROR);
    assertThat(result.score()).isEqualTo(4);
    assertThat(result.maxScore()).isEqualTo(6);
    assertThat(result.chunks()).extracting(ChunkRun::first).containsExactly(0, 2, 4);
    assertThat(running.status.get(queued.id()).orElseThrow().result()).isEqualTo(result);
    assertThat(partsLeft(queued.id())).isZero();
  }

  @Test
  void with_stop_on_failure_the_first_failing_part_decides_and_a_later_part_changes_nothing() {
    Submission queued = queued();
    TestChunk shape = new TestChunk(0, 3, 0, true, 6);

    publishPart(queued.id(), shape, 0, Verdict.ACCEPTED, Verdict.ACCEPTED);
    publishPart(queued.id(), shape, 1, Verdict.TIME_LIMIT_EXCEEDED);
    awaitHandled(2);
    Submission decided = running.submissions.find(queued.id()).orElseThrow();
    publishPart(queued.id(), shape, 2, Verdict.ACCEPTED, Verdict.ACCEPTED);
    awaitHandled(3);

    assertThat(decided.state()).isEqualTo(SubmissionState.DONE);
    assertThat(decided.result().verdict()).isEqualTo(Verdict.TIME_LIMIT_EXCEEDED);
    assertThat(decided.result().tests())
        .extracting(TestResult::name)
        .containsExactly("secret/0", "secret/1", "secret/2");
    assertThat(decided.result().score()).isEqualTo(2);
    Submission after = running.submissions.find(queued.id()).orElseThrow();
    assertThat(after.version()).isEqualTo(decided.version());
    assertThat(after.result()).isEqualTo(decided.result());
  }

  private Submission queued() {
    Submission queued =
        Submission.queued(UUID.randomUUID().toString(), "sum", "v1", "python3", List.of(), 1_000);
    running.submissions.insert(queued);
    running.status.queued(queued.id(), "sum", "python3", 1_000);
    return queued;
  }

  /** Part {@code index} of {@code shape}, two tests a part, with these verdicts. */
  private void publishPart(String id, TestChunk shape, int index, Verdict... verdicts) {
    int first = 2 * index;
    List<TestResult> tests = new ArrayList<>();
    for (int i = 0; i < verdicts.length; i++) {
      tests.add(
          new TestResult("secret/" + (first + i), verdicts[i], 1, 10, 20, 4_096, 0, null, null));
    }
    GradingOutcome outcome =
        GradingOutcome.fromTests(tests, 2, "", "worker-it", 1_100 + index, 1_200 + index);
    running.publish(
        running.topology.resultsQueue(),
        new TaskFinished(
            TaskFinished.VERSION,
            id,
            outcome,
            1,
            new TestChunk(index, shape.count(), first, shape.stopOnFailure(), shape.maxScore())));
  }

  private void awaitHandled(long results) {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(running.metrics.registry().timer("verdict.dispatcher.result").getCount())
                    .as("results handled")
                    .isEqualTo(results));
  }

  private long partsLeft(String id) {
    return services
        .mongo()
        .database()
        .getCollection("submission_chunks")
        .countDocuments(Filters.in("_id", id + "/1/0", id + "/1/1", id + "/1/2"));
  }
}
