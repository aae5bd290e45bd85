package dev.verdict.common.submission;

import static dev.verdict.common.submission.SubmissionAssert.assertThat;
import static dev.verdict.common.submission.SubmissionBuilder.aSubmission;
import static dev.verdict.common.submission.SubmissionState.DONE;
import static dev.verdict.common.submission.SubmissionState.QUEUED;
import static dev.verdict.common.submission.SubmissionState.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.MessageFixtures;
import dev.verdict.common.message.Verdict;
import dev.verdict.common.testing.MongoExtension;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store's changes of state, as the worker (start) and the dispatcher (finish) make them: read,
 * decided by the state table, saved under the version guard.
 */
class SubmissionTransitionsIT {
  private static final GradingOutcome OUTCOME = MessageFixtures.taskFinished().outcome();
  @RegisterExtension static final MongoExtension mongo = MongoExtension.perClass();
  private SubmissionStore store;
  private Submission queued;

  @BeforeEach
  void storeOne() {
    store = new SubmissionStore(mongo.database(), new MetricRegistry());
    queued = aSubmission().build();
    store.insert(queued);
  }

  @Test
  void a_start_makes_the_submission_running_and_the_finish_then_done() {
    assertThat(store.start(queued.id(), 2_000).orElseThrow()).isIn(RUNNING).hasVersion(1);

    Submission done = store.finish(queued.id(), OUTCOME, 3_000).orElseThrow();

    assertThat(done).isIn(DONE).hasStates(QUEUED, RUNNING, DONE).hasVersion(2);
    assertThat(done.history().get(1)).isEqualTo(new StateChange(RUNNING, 2_000));
    assertThat(store.find(queued.id()).orElseThrow()).isEqualTo(done);
    assertThat(done.result()).isEqualTo(OUTCOME);
  }

  @Test
  void a_finish_before_any_recorded_start_records_the_outcomes_start() {
    Submission done = store.finish(queued.id(), OUTCOME, 3_000).orElseThrow();

    assertThat(done).isIn(DONE).hasStates(QUEUED, RUNNING, DONE).hasVersion(1);
    assertThat(done.history().get(1)).isEqualTo(new StateChange(RUNNING, OUTCOME.startedAt()));
  }

  @Test
  void a_new_submission_s_first_result_is_stored_as_the_state_table_decides_it() {
    GradingOutcome unstarted =
        GradingOutcome.failed(Verdict.INTERNAL_ERROR, 6, "", "dispatcher", 0, 4_000, "never ran");
    Submission other = aSubmission().build();
    store.insert(other);

    Submission done = store.finish(queued.id(), OUTCOME, 3_000).orElseThrow();
    Submission failed = store.finish(other.id(), unstarted, 4_000).orElseThrow();

    // why: one write, without the read the state table decides on; it must store exactly what the
    // read, the decision and the guarded save store.
    assertThat(done).isEqualTo(savedAsDecided(queued, s -> s.finish(1, OUTCOME, 3_000)));
    assertThat(failed).isEqualTo(savedAsDecided(other, s -> s.finish(1, unstarted, 4_000)));
    assertThat(failed).hasStates(QUEUED, DONE);
    assertThat(store.find(queued.id())).contains(done);
    assertThat(store.find(other.id())).contains(failed);
  }

  @Test
  void of_results_arriving_at_once_exactly_one_finishes_the_submission() throws Exception {
    var pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Boolean>> results =
          IntStream.range(0, 8)
              .<Callable<Boolean>>mapToObj(
                  i -> () -> store.finish(queued.id(), OUTCOME, 3_000 + i).isPresent())
              .toList();
      long finished = 0;
      for (var result : pool.invokeAll(results)) {
        finished += result.get() ? 1 : 0;
      }
      assertThat(finished).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.find(queued.id()).orElseThrow()).isIn(DONE).hasStates(QUEUED, RUNNING, DONE);
  }

  @Test
  void a_result_of_a_later_grading_leaves_a_new_submission_as_it_is() {
    assertThat(store.finish(queued.id(), 2, OUTCOME, 3_000)).isEmpty();

    assertThat(store.find(queued.id())).contains(queued);
  }

  @Test
  void only_a_new_submission_is_inserted() {
    Submission running = aSubmission().inState(RUNNING).build();

    assertThatThrownBy(() -> store.insert(running))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RUNNING");
    assertThat(store.find(running.id())).isEmpty();
  }

  @Test
  void a_second_result_is_dropped_and_changes_nothing() {
    Submission first = store.finish(queued.id(), OUTCOME, 3_000).orElseThrow();
    GradingOutcome other =
        GradingOutcome.failed(Verdict.INTERNAL_ERROR, 6, "", "dispatcher", 0, 4_000, "late");

    assertThat(store.finish(queued.id(), OUTCOME, 3_500)).isEmpty();
    assertThat(store.finish(queued.id(), other, 4_000)).isEmpty();

    assertThat(store.find(queued.id())).contains(first);
  }

  @Test
  void a_start_recorded_after_the_result_is_refused() {
    Submission done = store.finish(queued.id(), OUTCOME, 3_000).orElseThrow();

    assertThat(store.start(queued.id(), 2_500)).isEmpty();

    assertThat(store.find(queued.id())).contains(done);
  }

  @Test
  void a_redelivered_task_that_starts_again_keeps_both_starts() {
    store.start(queued.id(), 2_000);

    Submission again = store.start(queued.id(), 2_500).orElseThrow();

    assertThat(again).isIn(RUNNING).hasStates(QUEUED, RUNNING, RUNNING).hasVersion(2);
  }

  @Test
  void nothing_is_changed_for_an_unknown_submission() {
    assertThat(store.start("nobody", 2_000)).isEmpty();
    assertThat(store.finish("nobody", OUTCOME, 3_000)).isEmpty();
    assertThat(store.find("nobody")).isEmpty();
  }

  @Test
  void a_change_that_loses_a_race_is_decided_again_on_the_winners_state() {
    AtomicInteger decisions = new AtomicInteger();
    GradingOutcome loser =
        GradingOutcome.failed(Verdict.INTERNAL_ERROR, 6, "", "dispatcher", 0, 4_000, "late");

    var result =
        store.change(
            queued.id(),
            read -> {
              if (decisions.getAndIncrement() == 0) {
                // why: another writer finishes the submission between this read and its save.
                store.finish(queued.id(), OUTCOME, 3_000);
              }
              return read.finish(loser, 4_000);
            });

    assertThat(result).isEmpty();
    assertThat(decisions).hasValue(2);
    assertThat(store.find(queued.id()).orElseThrow().result()).isEqualTo(OUTCOME);
  }

  @Test
  void a_change_that_loses_every_race_fails_as_stale() {
    assertThatThrownBy(
            () ->
                store.change(
                    queued.id(),
                    read -> {
                      store.start(queued.id(), 2_000);
                      return read.transitionTo(RUNNING, 2_000);
                    }))
        .isInstanceOf(StaleSubmissionException.class);
  }

  @Test
  void a_save_keeps_the_published_flag_set_since_the_submission_was_read() {
    Submission read = store.find(queued.id()).orElseThrow();
    store.markPublished(List.of(queued.id()));

    store.save(read.transitionTo(RUNNING, 2_000));

    assertThat(store.find(queued.id()).orElseThrow().published()).isTrue();
  }

  @Test
  void a_requeue_keeps_the_finished_grading_and_a_later_result_of_it_is_dropped() {
    store.markPublished(List.of(queued.id()));
    Submission first = store.finish(queued.id(), OUTCOME, 3_000).orElseThrow();

    Submission requeued = store.requeue(queued.id(), "v2", "rj_1", 4_000).orElseThrow();

    assertThat(requeued).isIn(QUEUED).hasStates(QUEUED, RUNNING, DONE, QUEUED);
    assertThat(store.find(queued.id()).orElseThrow()).isEqualTo(requeued);
    assertThat(requeued.grading()).isEqualTo(2);
    assertThat(requeued.problemVersion()).isEqualTo("v2");
    assertThat(requeued.published()).as("the new grading's flag").isFalse();
    assertThat(requeued.gradings()).hasSize(1);
    assertThat(requeued.gradings().getFirst().result()).isEqualTo(first.result());
    assertThat(store.findUnpublished(Long.MAX_VALUE, 0, 10))
        .as("the new grading has its outbox entry")
        .extracting(Submission::id)
        .contains(queued.id());

    GradingOutcome late =
        GradingOutcome.failed(Verdict.INTERNAL_ERROR, 6, "", "dispatcher", 0, 4_500, "late");
    assertThat(store.start(queued.id(), 1, 4_200)).as("a start of grading 1").isEmpty();
    assertThat(store.finish(queued.id(), 1, late, 4_500)).as("a result of grading 1").isEmpty();
    assertThat(store.find(queued.id())).contains(requeued);

    Submission second = store.finish(queued.id(), 2, late, 5_000).orElseThrow();
    assertThat(second).isIn(DONE).hasVerdict(Verdict.INTERNAL_ERROR);
    assertThat(second.gradings()).hasSize(1);
    assertThat(store.finish(queued.id(), 2, OUTCOME, 5_500)).as("a second result").isEmpty();
  }

  @Test
  void a_submission_being_graded_is_not_requeued() {
    store.start(queued.id(), 2_000);

    assertThat(store.requeue(queued.id(), null, "rj_1", 3_000)).isEmpty();

    assertThat(store.find(queued.id()).orElseThrow()).isIn(RUNNING).hasVersion(1);
  }

  @Test
  void a_page_of_a_problems_submissions_follows_creation_order_and_the_verdict_filter() {
    String problem = "paged-" + System.nanoTime();
    Submission oldest = aSubmission().forProblem(problem).createdAt(9_000).build();
    store.insert(oldest);
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Submission s = aSubmission().forProblem(problem).createdAt(10_000 + i / 2).build();
      store.insert(s);
      store.finish(s.id(), i % 2 == 0 ? OUTCOME : wrong(), 20_000);
      ids.add(s.id());
    }
    RejudgeSelection all = new RejudgeSelection(problem, null);

    List<Submission> first = store.page(all, null, 4);
    List<Submission> rest =
        store.page(
            all,
            new SubmissionQuery.Position(first.getLast().createdAt(), first.getLast().id()),
            4);

    assertThat(first).hasSize(4);
    assertThat(first.getFirst().id()).as("the oldest first").isEqualTo(oldest.id());
    assertThat(java.util.stream.Stream.concat(first.stream(), rest.stream()).map(Submission::id))
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.Stream.concat(java.util.stream.Stream.of(oldest.id()), ids.stream())
                .toList());
    assertThat(rest).hasSize(2);
    assertThat(store.page(new RejudgeSelection(problem, OUTCOME.verdict().name()), null, 10))
        .extracting(Submission::id)
        .containsExactlyInAnyOrder(ids.get(0), ids.get(2), ids.get(4));
  }

  private static GradingOutcome wrong() {
    return GradingOutcome.failed(Verdict.RUNTIME_ERROR, 6, "", "w", 1, 2, null);
  }

  /** What a read, {@code change} and a guarded save make of {@code stored}: its next version. */
  private static Submission savedAsDecided(Submission stored, UnaryOperator<Submission> change) {
    Submission next = change.apply(stored);
    return new Submission(
        next.id(),
        next.problemId(),
        next.problemVersion(),
        next.language(),
        next.files(),
        next.state(),
        next.version() + 1,
        next.history(),
        next.createdAt(),
        next.published(),
        next.result(),
        next.owner(),
        next.entryPoint(),
        next.callbackUrl(),
        next.grading(),
        next.rejudge(),
        next.gradings(),
        next.bulk());
  }
}
