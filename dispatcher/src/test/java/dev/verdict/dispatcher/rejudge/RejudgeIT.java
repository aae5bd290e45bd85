package dev.verdict.dispatcher.rejudge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import dev.verdict.common.message.GradingOutcome;
import dev.verdict.common.message.GradingTask;
import dev.verdict.common.message.MessageFixtures;
import dev.verdict.common.message.SourceFile;
import dev.verdict.common.message.TestCase;
import dev.verdict.common.message.Verdict;
import dev.verdict.common.problem.ProblemStore;
import dev.verdict.common.problem.ProblemType;
import dev.verdict.common.problem.ProblemVersion;
import dev.verdict.common.rejudge.Rejudge;
import dev.verdict.common.rejudge.RejudgeStore;
import dev.verdict.common.submission.RejudgeSelection;
import dev.verdict.common.submission.StateChange;
import dev.verdict.common.submission.Submission;
import dev.verdict.common.submission.SubmissionState;
import dev.verdict.common.submission.SubmissionStore;
import dev.verdict.common.testing.ServicesExtension;
import dev.verdict.dispatcher.testing.RunningDispatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A dispatcher runs rejudges of a few hundred submissions against the real RabbitMQ and Redis and
 * the MongoDB stand-in, with a fake worker answering the tasks: every selected DONE submission is
 * graded again, the earlier grading kept; the rejudge never has more than {@code
 * dispatcher.rejudge.maxInFlight} gradings queued and unfinished; a rejudge whose dispatcher went
 * away is taken over where it got to.
 */
class RejudgeIT {
  private static final int MAX_IN_FLIGHT = 40;
  private static final int PAGE = 25;

  @RegisterExtension static final ServicesExtension services = ServicesExtension.perTest();
  private RunningDispatcher dispatcher;
  private RejudgeStore rejudges;
  private SubmissionStore submissions;
  private FakeWorker worker;

  @BeforeEach
  void problems() {
    rejudges = new RejudgeStore(services.mongo().database(), new MetricRegistry());
    submissions = new SubmissionStore(services.mongo().database(), new MetricRegistry());
    ProblemStore problems = new ProblemStore(services.mongo().database(), new MetricRegistry());
    problems.save(version("v1"), 1_000);
    problems.save(version("v2"), 2_000);
  }

  private void startDispatcher(String... more) {
    List<String> settings =
        new ArrayList<>(
            List.of(
                "dispatcher.rejudge.maxInFlight=" + MAX_IN_FLIGHT,
                "dispatcher.rejudge.pageSize=" + PAGE,
                "dispatcher.rejudge.pollMs=50",
                "dispatcher.rejudge.perSecond=100000"));
    settings.addAll(List.of(more));
    dispatcher = RunningDispatcher.start(services, settings.toArray(String[]::new));
  }

  @AfterEach
  void stop() {
    if (worker != null) {
      worker.close();
    }
    if (dispatcher != null) {
      dispatcher.close();
    }
  }

  @Test
  void
      a_rejudge_of_a_problem_grades_every_submission_again_never_with_more_in_flight_than_allowed() {
    List<Submission> stored =
        storeDone(300, i -> i % 3 == 0 ? Verdict.WRONG_ANSWER : Verdict.ACCEPTED);
    startDispatcher();
    Rejudge rejudge = request(new RejudgeSelection("p", null), Map.of());

    // why: no worker answers yet, so the rejudge must stop at its limit and wait, renewing its
    // lease, without queueing more.
    await().atMost(Duration.ofSeconds(20)).until(() -> read(rejudge).requeued() > 0);
    long writes = dispatcher.count("verdict.mongo.rejudge.write");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> dispatcher.count("verdict.mongo.rejudge.write") >= writes + 3);
    assertThat(read(rejudge).requeued()).isEqualTo(PAGE).isLessThanOrEqualTo(MAX_IN_FLIGHT);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(services.rabbit().messageCount(dispatcher.topology.bulkTasksQueue()))
                    .as("tasks queued")
                    .isEqualTo(PAGE));

    worker = FakeWorker.start(services.rabbit());
    await().atMost(Duration.ofSeconds(60)).until(() -> read(rejudge).done());

    Rejudge done = read(rejudge);
    assertThat(done.selected()).isEqualTo(300);
    assertThat(done.requeued()).isEqualTo(300);
    assertThat(done.finished()).isEqualTo(300);
    assertThat(done.skipped()).isZero();
    assertThat(done.changed()).as("the WRONG_ANSWERs now ACCEPTED").isEqualTo(100);
    assertThat(worker.graded).hasSize(300).allSatisfy(t -> assertThat(t.grading()).isEqualTo(2));
    assertThat(worker.graded.stream().map(GradingTask::submissionId).distinct())
        .containsExactlyInAnyOrderElementsOf(stored.stream().map(Submission::id).toList());
    for (Submission before : stored) {
      Submission after = dispatcher.submissions.find(before.id()).orElseThrow();
      assertThat(after.state()).isEqualTo(SubmissionState.DONE);
      assertThat(after.grading()).isEqualTo(2);
      assertThat(after.rejudge()).isEqualTo(rejudge.id());
      assertThat(after.problemVersion()).isEqualTo("v1");
      assertThat(after.result().verdict()).isEqualTo(Verdict.ACCEPTED);
      assertThat(after.gradings()).hasSize(1);
      assertThat(after.gradings().getFirst().result()).isEqualTo(before.result());
      assertThat(after.gradings().getFirst().problemVersion()).isEqualTo("v1");
      assertThat(after.history())
          .extracting(StateChange::state)
          .containsExactly(
              SubmissionState.QUEUED,
              SubmissionState.RUNNING,
              SubmissionState.DONE,
              SubmissionState.QUEUED,
              SubmissionState.RUNNING,
              SubmissionState.DONE);
      assertThat(dispatcher.status.get(before.id()).orElseThrow().grading()).isEqualTo(2);
    }
  }

  @Test
  void a_rejudge_of_one_verdict_against_the_newest_version_takes_only_those_and_skips_the_busy() {
    List<Submission> stored =
        storeDone(60, i -> i % 2 == 0 ? Verdict.WRONG_ANSWER : Verdict.ACCEPTED);
    Submission busy = queuedOnly();
    startDispatcher();
    worker = FakeWorker.start(services.rabbit());

    Rejudge wrong = request(new RejudgeSelection("p", "WRONG_ANSWER"), Map.of("p", "v2"));
    await().atMost(Duration.ofSeconds(30)).until(() -> read(wrong).done());
    List<String> listed = new ArrayList<>(List.of(busy.id(), stored.get(1).id(), "nobody"));
    Rejudge list = request(listed, Map.of());
    await().atMost(Duration.ofSeconds(30)).until(() -> read(list).done());

    assertThat(read(wrong).requeued()).isEqualTo(30);
    assertThat(worker.graded)
        .filteredOn(t -> !t.submissionId().equals(stored.get(1).id()))
        .extracting(GradingTask::submissionId)
        .doesNotContain(stored.get(3).id());
    assertThat(worker.graded)
        .filteredOn(t -> !t.submissionId().equals(stored.get(1).id()))
        .allSatisfy(t -> assertThat(t.problemVersion()).isEqualTo("v2"));
    for (int i = 0; i < stored.size(); i++) {
      Submission after = dispatcher.submissions.find(stored.get(i).id()).orElseThrow();
      if (i % 2 == 0) {
        assertThat(after.problemVersion()).isEqualTo("v2");
        assertThat(after.gradings()).extracting(g -> g.problemVersion()).containsExactly("v1");
      } else if (i != 1) {
        assertThat(after.grading()).isEqualTo(1);
      }
    }
    Rejudge listDone = read(list);
    assertThat(listDone.selected()).isEqualTo(3);
    assertThat(listDone.requeued()).isEqualTo(1);
    assertThat(listDone.skipped()).as("one being graded, one unknown").isEqualTo(2);
    assertThat(dispatcher.submissions.find(busy.id()).orElseThrow().grading()).isEqualTo(1);
  }

  @Test
  void a_rejudge_whose_dispatcher_went_away_is_taken_over_where_it_got_to() {
    List<Submission> stored = storeDone(80, i -> Verdict.WRONG_ANSWER);
    Rejudge rejudge = request(new RejudgeSelection("p", null), Map.of());
    // why: a dispatcher that claimed it, queued its first page, recorded nothing and died.
    long now = System.currentTimeMillis();
    assertThat(rejudges.claim("gone", now, 1)).isPresent();
    for (Submission s : stored.subList(0, 10)) {
      submissions.requeue(s.id(), null, rejudge.id(), now);
    }
    // why: the outbox sweeper publishes what the dead dispatcher never did; soon, here.
    startDispatcher("dispatcher.outboxGraceMs=1500", "dispatcher.outboxSweepIntervalMs=200");
    worker = FakeWorker.start(services.rabbit());

    await().atMost(Duration.ofSeconds(60)).until(() -> read(rejudge).done());

    Rejudge done = read(rejudge);
    assertThat(done.selected()).isEqualTo(80);
    assertThat(done.requeued()).isEqualTo(80);
    assertThat(done.skipped()).isZero();
    // why: the ten the dead dispatcher queued were never published; the outbox sweeper did.
    assertThat(worker.graded.stream().map(GradingTask::submissionId).distinct())
        .containsExactlyInAnyOrderElementsOf(stored.stream().map(Submission::id).toList());
  }

  private Rejudge request(RejudgeSelection selection, Map<String, String> versions) {
    Rejudge rejudge =
        Rejudge.of(
            RejudgeStore.newId(), "staff", System.currentTimeMillis(), null, selection, versions);
    rejudges.insert(rejudge);
    return rejudge;
  }

  private Rejudge request(List<String> ids, Map<String, String> versions) {
    Rejudge rejudge =
        Rejudge.of(RejudgeStore.newId(), "staff", System.currentTimeMillis(), ids, null, versions);
    rejudges.insert(rejudge);
    return rejudge;
  }

  private Rejudge read(Rejudge rejudge) {
    return rejudges.find(rejudge.id()).orElseThrow();
  }

  private List<Submission> storeDone(int count, java.util.function.IntFunction<Verdict> verdicts) {
    List<Submission> stored = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Submission queued = published(UUID.randomUUID().toString(), 10_000 + i);
      GradingOutcome outcome =
          GradingOutcome.failed(verdicts.apply(i), 1.0, "", "worker", 10_100 + i, 10_200 + i, null);
      submissions.insert(queued);
      stored.add(submissions.finish(queued.id(), outcome, 10_200 + i).orElseThrow());
    }
    return stored;
  }

  private Submission queuedOnly() {
    Submission queued = published(UUID.randomUUID().toString(), 5_000);
    submissions.insert(queued);
    return queued;
  }

  private static Submission published(String id, long createdAt) {
    Submission s =
        Submission.queued(
            id,
            "p",
            "v1",
            "python3",
            List.of(
                new SourceFile(
                    "main.py",
                    MessageFixtures.gradingTask().files().getFirst().sha256(),
                    22,
                    null)),
            createdAt,
            "ada");
    return new Submission(
        s.id(),
        s.problemId(),
        s.problemVersion(),
        s.language(),
        s.files(),
        s.state(),
        0,
        s.history(),
        s.createdAt(),
        true,
        null,
        s.owner(),
        null,
        null);
  }

  private static ProblemVersion version(String version) {
    GradingTask fixture = MessageFixtures.gradingTask();
    return new ProblemVersion(
        "p",
        version,
        "P",
        fixture.limits(),
        fixture.checker(),
        List.of(
            new TestCase(
                "sample/1",
                fixture.tests().getFirst().inputSha256(),
                fixture.tests().getFirst().answerSha256(),
                1)),
        true,
        ProblemType.PASS_FAIL,
        null);
  }
}
