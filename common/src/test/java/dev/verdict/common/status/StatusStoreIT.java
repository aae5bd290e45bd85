package dev.verdict.common.status;

import static dev.verdict.common.submission.SubmissionState.DONE;
import static dev.verdict.common.submission.SubmissionState.QUEUED;
import static dev.verdict.common.submission.SubmissionState.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.MessageFixtures;
import dev.verdict.common.message.TestResult;
import dev.verdict.common.message.Verdict;
import dev.verdict.common.testing.RedisExtension;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StatusStoreIT {
  private static final int TTL_SECONDS = 600;
  @RegisterExtension static final RedisExtension redis = RedisExtension.perClass();
  private StatusStore status;
  private String id;

  @BeforeEach
  void newSubmission() {
    status = new StatusStore(redis.client(), redis.namespace(), TTL_SECONDS, new MetricRegistry());
    id = UUID.randomUUID().toString();
  }

  @Test
  void an_unknown_submission_has_no_status() {
    assertThat(status.get(id)).isEmpty();
  }

  @Test
  void keys_live_in_the_namespace() {
    assertThat(status.key(id)).isEqualTo(redis.namespace() + ":sub:" + id);
  }

  @Test
  void a_queued_submission_is_queued_with_its_problem_and_language() {
    status.queued(id, "hello", "python3", 1_000);

    LiveStatus live = status.get(id).orElseThrow();
    assertThat(live.state()).isEqualTo(QUEUED);
    assertThat(live.problemId()).isEqualTo("hello");
    assertThat(live.language()).isEqualTo("python3");
    assertThat(live.createdAt()).isEqualTo(1_000);
    assertThat(live.tests()).isEmpty();
    assertThat(live.result()).isNull();
  }

  @Test
  void a_submission_goes_from_queued_to_running_to_tests_to_done() {
    status.queued(id, "hello", "python3", 1_000);
    status.running(id, 2_000, "worker-a/3");
    assertThat(status.get(id).orElseThrow().state()).isEqualTo(RUNNING);
    assertThat(status.get(id).orElseThrow().startedAt()).isEqualTo(2_000);

    status.testFinished(id, 0, MessageFixtures.accepted());
    assertThat(status.get(id).orElseThrow().tests()).containsExactly(MessageFixtures.accepted());

    GradingOutcome outcome = MessageFixtures.taskFinished().outcome();
    status.done(id, "hello", "python3", 1_000, outcome, 3_000);

    LiveStatus done = status.get(id).orElseThrow();
    assertThat(done.state()).isEqualTo(DONE);
    assertThat(done.result()).isEqualTo(outcome);
    assertThat(done.tests()).isEqualTo(outcome.tests());
    assertThat(done.finishedAt()).isEqualTo(3_000);
    assertThat(done.startedAt()).isEqualTo(2_000);
  }

  @Test
  void tests_are_listed_in_index_order() {
    status.running(id, 2_000, "w");
    status.testFinished(id, 10, result("t10"));
    status.testFinished(id, 2, result("t2"));
    status.testFinished(id, 0, result("t0"));

    assertThat(status.get(id).orElseThrow().tests())
        .extracting(TestResult::name)
        .containsExactly("t0", "t2", "t10");
  }

  @Test
  void only_the_tests_before_the_first_missing_one_count_as_in_order() {
    status.running(id, 2_000, "w");
    status.testsFinished(id, 0, List.of(result("t0"), result("t1")));
    status.testFinished(id, 3, result("t3"));

    assertThat(status.get(id).orElseThrow().testsInOrder()).isEqualTo(2);

    status.testFinished(id, 2, result("t2"));

    assertThat(status.get(id).orElseThrow().testsInOrder()).isEqualTo(4);
  }

  @Test
  void a_test_report_before_the_start_report_marks_the_submission_running() {
    status.queued(id, "hello", "python3", 1_000);

    status.testFinished(id, 0, result("t0"));

    assertThat(status.get(id).orElseThrow().state()).isEqualTo(RUNNING);
  }

  @Test
  void a_late_test_report_after_done_is_ignored() {
    status.queued(id, "hello", "python3", 1_000);
    status.done(id, "hello", "python3", 1_000, MessageFixtures.taskFinished().outcome(), 3_000);

    status.testFinished(id, 7, result("redelivered"));

    assertThat(status.get(id).orElseThrow().state()).isEqualTo(DONE);
    assertThat(redis.client().hexists(status.key(id), "test:7")).isFalse();
  }

  @Test
  void a_late_start_report_after_done_is_ignored() {
    status.running(id, 2_000, "worker-a/1");
    status.done(id, "hello", "python3", 1_000, MessageFixtures.taskFinished().outcome(), 3_000);

    status.running(id, 9_000, "worker-b/2");

    LiveStatus live = status.get(id).orElseThrow();
    assertThat(live.state()).isEqualTo(DONE);
    assertThat(live.startedAt()).isEqualTo(2_000);
    assertThat(redis.client().hget(status.key(id), "worker")).isEqualTo("worker-a/1");
  }

  @Test
  void queued_does_not_overwrite_a_submission_that_already_has_a_state() {
    status.running(id, 2_000, "worker-a/1");
    status.queued(id, "hello", "python3", 1_000);
    assertThat(status.get(id).orElseThrow().state()).isEqualTo(RUNNING);

    status.done(id, "hello", "python3", 1_000, MessageFixtures.taskFinished().outcome(), 3_000);
    status.queued(id, "hello", "python3", 1_000);
    assertThat(status.get(id).orElseThrow().state()).isEqualTo(DONE);
  }

  @Test
  void done_without_earlier_reports_still_records_problem_and_language() {
    GradingOutcome failed =
        GradingOutcome.failed(Verdict.INTERNAL_ERROR, 3, "", "", 0, 5_000, "delivery limit");

    status.done(id, "hello", "c", 1_000, failed, 5_000);

    LiveStatus live = status.get(id).orElseThrow();
    assertThat(live.state()).isEqualTo(DONE);
    assertThat(live.problemId()).isEqualTo("hello");
    assertThat(live.language()).isEqualTo("c");
    assertThat(live.createdAt()).isEqualTo(1_000);
    assertThat(live.result()).isEqualTo(failed);
  }

  @Test
  void every_write_sets_the_ttl() {
    status.queued(id, "hello", "python3", 1_000);
    assertTtlIsSet();

    redis.client().persist(status.key(id));
    status.running(id, 2_000, "w");
    assertTtlIsSet();

    redis.client().persist(status.key(id));
    status.testFinished(id, 0, result("t0"));
    assertTtlIsSet();

    redis.client().persist(status.key(id));
    status.done(id, "hello", "python3", 1_000, MessageFixtures.taskFinished().outcome(), 3_000);
    assertTtlIsSet();
  }

  @Test
  void deleting_removes_the_status() {
    status.queued(id, "hello", "python3", 1_000);

    status.delete(id);

    assertThat(status.get(id)).isEmpty();
  }

  private void assertTtlIsSet() {
    assertThat(redis.client().ttl(status.key(id))).isBetween(1L, (long) TTL_SECONDS);
  }

  private static TestResult result(String name) {
    return new TestResult(name, Verdict.ACCEPTED, 1, 1, 2, 3, 0, null, null);
  }
}
