package dev.verdict.common.submission;

import static dev.verdict.common.submission.SubmissionAssert.assertThat;
import static dev.verdict.common.submission.SubmissionBuilder.aSubmission;
import static dev.verdict.common.submission.SubmissionState.DONE;
import static dev.verdict.common.submission.SubmissionState.QUEUED;
import static dev.verdict.common.submission.SubmissionState.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.MessageFixtures;
import dev.verdict.common.message.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Every row of the transition table has a test here that walks it; the last test fails if a row has
 * none, so adding a transition to the table needs a test for it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SubmissionStateMachineTest {
  private record Transition(SubmissionState from, SubmissionState to) {}

  private static final Set<Transition> EXERCISED = ConcurrentHashMap.newKeySet();

  @Test
  void a_queued_submission_starts_running() {
    Submission queued = aSubmission().createdAt(100).build();

    Submission running = walked(queued, queued.transitionTo(RUNNING, 200));

    assertThat(running).isIn(RUNNING).hasStates(QUEUED, RUNNING).hasVersion(0);
    assertThat(running.history().getLast()).isEqualTo(new StateChange(RUNNING, 200));
    assertThat(queued).as("the original is unchanged").isIn(QUEUED).hasStates(QUEUED);
  }

  @Test
  void a_running_submission_whose_task_is_redelivered_starts_again_and_both_starts_are_kept() {
    Submission running = aSubmission().inState(RUNNING).build();

    Submission again = walked(running, running.transitionTo(RUNNING, 400));

    assertThat(again).isIn(RUNNING).hasStates(QUEUED, RUNNING, RUNNING);
    assertThat(again.history().getLast()).isEqualTo(new StateChange(RUNNING, 400));
  }

  @Test
  void the_sources_of_a_state_are_the_rows_that_enter_it() {
    for (SubmissionState to : SubmissionState.values()) {
      for (SubmissionState from : SubmissionState.values()) {
        assertThat(SubmissionStateMachine.sourcesOf(to).contains(from))
            .as("%s -> %s", from, to)
            .isEqualTo(SubmissionStateMachine.allowed(from, to));
      }
    }
    assertThat(SubmissionStateMachine.rows())
        .extracting(row -> new Transition(row.from(), row.to()))
        .doesNotHaveDuplicates()
        .allSatisfy(t -> assertThat(SubmissionStateMachine.allowed(t.from(), t.to())).isTrue());
  }

  @Test
  void a_running_submission_finishes() {
    Submission running = aSubmission().inState(RUNNING).build();

    Submission done = walked(running, running.transitionTo(DONE, 300));

    assertThat(done).isIn(DONE).hasStates(QUEUED, RUNNING, DONE);
    assertThat(done.history().getLast()).isEqualTo(new StateChange(DONE, 300));
  }

  @Test
  void a_queued_submission_finishes_without_running_when_grading_never_started() {
    Submission queued = aSubmission().build();
    GradingOutcome failed =
        GradingOutcome.failed(Verdict.INTERNAL_ERROR, 6, "", "", 0, 500, "delivery limit");

    Submission done = walked(queued, queued.finish(failed, 500));

    assertThat(done).isIn(DONE).hasStates(QUEUED, DONE).hasVerdict(Verdict.INTERNAL_ERROR);
  }

  @Test
  void finishing_a_queued_submission_that_started_records_the_start() {
    Submission queued = aSubmission().createdAt(100).build();
    GradingOutcome outcome = MessageFixtures.taskFinished().outcome();

    Submission done = walked(queued, queued.finish(outcome, outcome.finishedAt()));

    assertThat(done).isIn(DONE).hasStates(QUEUED, RUNNING, DONE).hasVerdict(outcome.verdict());
    assertThat(done.history().get(1).at()).isEqualTo(outcome.startedAt());
    assertThat(done.result()).isEqualTo(outcome);
  }

  @Test
  void finishing_a_running_submission_records_the_outcome() {
    Submission running = aSubmission().inState(RUNNING).build();
    GradingOutcome outcome = MessageFixtures.taskFinished().outcome();

    Submission done = walked(running, running.finish(outcome, 900));

    assertThat(done).isIn(DONE).hasStates(QUEUED, RUNNING, DONE);
    assertThat(done.result()).isEqualTo(outcome);
  }

  @Test
  void every_pair_the_table_does_not_allow_is_rejected_naming_from_and_to() {
    List<Transition> disallowed = new ArrayList<>();
    for (SubmissionState from : SubmissionState.values()) {
      for (SubmissionState to : SubmissionState.values()) {
        if (!SubmissionStateMachine.table().get(from).contains(to)) {
          disallowed.add(new Transition(from, to));
        }
      }
    }
    assertThat(disallowed)
        .as("the table must not allow these")
        .contains(
            new Transition(DONE, DONE),
            new Transition(DONE, RUNNING),
            new Transition(RUNNING, QUEUED),
            new Transition(QUEUED, QUEUED));

    for (Transition t : disallowed) {
      Submission submission = aSubmission().inState(t.from()).build();

      assertThatThrownBy(() -> submission.transitionTo(t.to(), 9_999))
          .as("%s -> %s", t.from(), t.to())
          .isInstanceOfSatisfying(
              IllegalSubmissionTransitionException.class,
              e -> {
                assertThat(e.from()).isEqualTo(t.from());
                assertThat(e.to()).isEqualTo(t.to());
              })
          .hasMessageContaining(t.from().name())
          .hasMessageContaining(t.to().name());
      assertThat(SubmissionStateMachine.allowed(t.from(), t.to())).isFalse();
    }
  }

  @Test
  void a_done_submission_goes_back_only_to_queued_for_a_rejudge() {
    Submission done = aSubmission().inState(RUNNING).inState(DONE).build();

    for (SubmissionState to : List.of(RUNNING, DONE)) {
      assertThatThrownBy(() -> done.transitionTo(to, 9_999))
          .isInstanceOf(IllegalSubmissionTransitionException.class);
    }
    assertThatThrownBy(() -> done.finish(MessageFixtures.taskFinished().outcome(), 9_999))
        .as("a second result")
        .isInstanceOf(IllegalSubmissionTransitionException.class);
    assertThat(SubmissionStateMachine.table().get(DONE)).containsExactly(QUEUED);
  }

  @Test
  void a_rejudge_starts_a_new_grading_and_keeps_the_finished_one() {
    GradingOutcome first = MessageFixtures.taskFinished().outcome();
    Submission done =
        aSubmission().createdAt(100).inState(RUNNING).inState(DONE).withResult(first).build();

    Submission requeued = walked(done, done.requeue("v2", "rj_1", 5_000));

    assertThat(requeued).isIn(QUEUED).hasStates(QUEUED, RUNNING, DONE, QUEUED);
    assertThat(requeued.grading()).isEqualTo(2);
    assertThat(requeued.problemVersion()).isEqualTo("v2");
    assertThat(requeued.rejudge()).isEqualTo("rj_1");
    assertThat(requeued.result()).isNull();
    assertThat(requeued.published()).as("the new grading is not yet published").isFalse();
    assertThat(requeued.queuedAt()).isEqualTo(5_000);
    assertThat(requeued.gradings())
        .containsExactly(new Grading(1, done.problemVersion(), null, 100, 101, first));
  }

  @Test
  void a_start_or_result_of_an_earlier_grading_is_refused_as_superseded() {
    GradingOutcome outcome = MessageFixtures.taskFinished().outcome();
    Submission requeued =
        aSubmission()
            .inState(RUNNING)
            .inState(DONE)
            .withResult(outcome)
            .build()
            .requeue("v1", "rj_1", 5_000);

    assertThatThrownBy(() -> requeued.start(1, 6_000))
        .isInstanceOf(SupersededGradingException.class);
    assertThatThrownBy(() -> requeued.finish(1, outcome, 6_000))
        .isInstanceOf(SupersededGradingException.class);
    assertThat(requeued.start(2, 6_000)).isIn(RUNNING);
    assertThat(requeued.finish(2, outcome, 6_000)).isIn(DONE).hasVerdict(outcome.verdict());
  }

  @Test
  void the_table_has_a_row_for_every_state() {
    assertThat(SubmissionStateMachine.table()).containsOnlyKeys(SubmissionState.values());
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void every_row_of_the_table_is_exercised_by_a_test_above() {
    List<Transition> missed = new ArrayList<>();
    for (Map.Entry<SubmissionState, Set<SubmissionState>> row :
        SubmissionStateMachine.table().entrySet()) {
      for (SubmissionState to : row.getValue()) {
        Transition transition = new Transition(row.getKey(), to);
        if (!EXERCISED.contains(transition)) {
          missed.add(transition);
        }
      }
    }

    assertThat(missed).as("allowed transitions no test walks").isEmpty();
  }

  /** Records the steps {@code after} added to {@code before}'s history, and returns it. */
  private static Submission walked(Submission before, Submission after) {
    List<StateChange> history = after.history();
    for (int i = before.history().size(); i < history.size(); i++) {
      EXERCISED.add(new Transition(history.get(i - 1).state(), history.get(i).state()));
    }
    return after;
  }
}
